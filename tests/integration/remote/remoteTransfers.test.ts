import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { downloadFile, uploadFile } from '../../../electron/engine/remote/remoteFiles.ts';
import { startWorkbenchServer, type RunningServer } from '../../../electron/server/workbenchServer.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';

const key = 'transfers-test-key-0123456789abcdef';
const auth = { authorization: `Bearer ${key}` };
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Transfers survive a broken connection (they continue) and never keep a damaged file (size and sha256 checked). */
describe('uploads and downloads between engines', () => {
  const box = createTestEngine('transfers-box');
  const local = createTempHome('transfers-local');
  let server: RunningServer;
  const connection = (): { url: string; key: string } => ({ url: server.url, key });

  beforeAll(async () => {
    server = await startWorkbenchServer({ engine: box, port: 0, rendererDir: local.path, accessKey: key });
  });
  afterAll(async () => {
    await server?.close();
    await box.dispose();
    local.cleanup();
  });

  it('continues an upload from what the engine already has, and refuses a chunk at the wrong offset', async () => {
    const bytes = randomBytes(300_000);
    const file = join(local.path, 'weights.bin');
    writeFileSync(file, bytes);
    const id = sha256(bytes);
    // A first attempt that broke after 100 000 bytes.
    const first = await fetch(`${server.url}/api/files/upload/${id}?offset=0`, { method: 'PUT', headers: auth, body: bytes.subarray(0, 100_000) });
    expect(await first.json()).toEqual({ received: 100_000 });
    const skipped = await fetch(`${server.url}/api/files/upload/${id}?offset=200000`, { method: 'PUT', headers: auth, body: bytes.subarray(200_000) });
    expect(skipped.status).toBe(409);
    expect(((await skipped.json()) as { received: number }).received).toBe(100_000);

    const seen: number[] = [];
    const stored = await uploadFile(connection(), file, { chunkBytes: 64 * 1024, onProgress: (done) => seen.push(done) });
    expect(seen[0]).toBe(100_000);
    expect(seen.at(-1)).toBe(300_000);
    expect(stored).toMatchObject({ size: 300_000, sha256: id });
    expect(readFileSync(stored.path).equals(bytes)).toBe(true);
  });

  it('discards an upload whose bytes do not hash to what was sent, and takes it whole on the next try', async () => {
    const bytes = randomBytes(50_000);
    const file = join(local.path, 'adapter.gguf');
    writeFileSync(file, bytes);
    const id = sha256(bytes);
    // Same length, other bytes: only the hash can tell.
    await fetch(`${server.url}/api/files/upload/${id}?offset=0`, { method: 'PUT', headers: auth, body: randomBytes(50_000) });
    await expect(uploadFile(connection(), file)).rejects.toThrow(/arrived damaged: sha256 [0-9a-f]{64}, the sender's [0-9a-f]{64}; it was discarded/);
    const stored = await uploadFile(connection(), file);
    expect(readFileSync(stored.path).equals(bytes)).toBe(true);
  });

  it('continues a download from its partial file, and removes a partial file that does not match', async () => {
    const bytes = randomBytes(200_000);
    const remote = join(box.services.home.adaptersDir, 'trained.gguf');
    mkdirSync(box.services.home.adaptersDir, { recursive: true });
    writeFileSync(remote, bytes);
    const target = join(local.path, 'back', 'trained.gguf');
    mkdirSync(join(local.path, 'back'), { recursive: true });
    writeFileSync(`${target}.part`, bytes.subarray(0, 120_000));
    const seen: number[] = [];
    const fetched = await downloadFile(connection(), remote, target, { onProgress: (done) => seen.push(done) });
    expect(seen[0]).toBe(120_000);
    expect(fetched).toEqual({ path: target, size: 200_000, sha256: sha256(bytes) });
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);

    const other = join(local.path, 'back', 'other.gguf');
    writeFileSync(`${other}.part`, randomBytes(120_000));
    await expect(downloadFile(connection(), remote, other)).rejects.toThrow(/the partial file was removed, try again/);
    expect(existsSync(`${other}.part`)).toBe(false);
    expect(readFileSync((await downloadFile(connection(), remote, other)).path).equals(bytes)).toBe(true);
  });

  it('lets a page on another origin in with the key: CORS preflight, and the key as a WebSocket subprotocol', async () => {
    const preflight = await fetch(`${server.url}/api/files/upload/abcdefgh`, {
      method: 'OPTIONS',
      headers: { origin: 'app://workbench', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('app://workbench');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const open = (protocols: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`, protocols, { origin: 'app://workbench' });
        ws.once('open', () => (resolve(ws.protocol), ws.close()));
        ws.once('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
        ws.once('error', reject);
      });
    expect(await open(['workbench', `workbench-key.${key}`])).toBe('workbench');
    expect(await open(['workbench', 'workbench-key.wrong-key-wrong-key'])).toBe('HTTP 401');
    expect(await open(['workbench'])).toBe('HTTP 401');
  });
});

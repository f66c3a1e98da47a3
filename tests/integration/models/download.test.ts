import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadProgress, ModelEntry } from '../../../electron/shared/contract/models.ts';
import { ModelLibrary } from '../../../electron/engine/models/modelLibrary.ts';
import { startModelDownload } from '../../../electron/engine/models/startModelDownload.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { startFakeHub, type FakeHub } from './fakeHub.ts';
import { createModelsTestEngine } from './modelsTestEngine.ts';

describe('downloading models the way the Hugging Face hub serves them (local server)', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let hub: FakeHub;
  let model: Buffer;
  let sha256: string;

  beforeAll(async () => {
    model = readFileSync(await fixtureModel('tiny-chat'));
    sha256 = createHash('sha256').update(model).digest('hex');
    hub = await startFakeHub({
      'test/tiny/dropped.gguf': { bytes: model, dropAfterBytes: Math.floor(model.length / 3) },
      'test/tiny/tampered.gguf': { bytes: model, statedSha256: 'f'.repeat(64) },
      'test/tiny/slow.gguf': { bytes: model, slowChunkBytes: 16 * 1024 },
    });
    process.env.WORKBENCH_HF_ENDPOINT = hub.url;
    engine = createModelsTestEngine('download');
  });
  afterAll(async () => {
    delete process.env.WORKBENCH_HF_ENDPOINT;
    await engine.dispose();
    await hub.close();
  });

  it('follows the redirect, resumes with a range request after a dropped connection, verifies sha256 and adds the model', async () => {
    const messages: string[] = [];
    const { finished, data } = await collectJob<ModelEntry>(engine, 'models.download', { source: 'hf:test/tiny/dropped.gguf' }, (progress) => {
      if (progress.message !== undefined) messages.push(progress.message);
    });
    expect(finished.state).toBe('done');
    const entry = finished.result!;
    expect(entry.path).toBe(join(engine.services.home.modelsDir, 'test', 'tiny', 'dropped.gguf'));
    expect(entry).toMatchObject({ sha256, kind: 'chat', source: 'hf:test/tiny/dropped.gguf' });
    expect(readFileSync(entry.path).equals(model)).toBe(true);
    // The second request resumes from what arrived before the drop (at most the bytes the server sent), not from 0.
    expect(hub.cdnRanges).toHaveLength(2);
    expect(hub.cdnRanges[0]).toBeNull();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(hub.cdnRanges[1] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(Math.floor(model.length / 3));
    expect((data as DownloadProgress[]).map((progress) => progress.phase)).toContain('retrying');
    // the phase travels as data the UI words ('connecting', 'retrying' …), not as an English word in the message
    expect(messages).toEqual([]);
    expect(existsSync(`${entry.path}.part`)).toBe(false);
  });

  it('refuses a file whose sha256 differs from what the hub states, and leaves nothing behind', async () => {
    const { finished } = await collectJob(engine, 'models.download', { source: 'hf:test/tiny/tampered.gguf' });
    expect(finished.state).toBe('failed');
    expect(finished.error?.message).toContain('does not match the sha256');
    const target = join(engine.services.home.modelsDir, 'test', 'tiny', 'tampered.gguf');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it('cancels, keeps the partial file, and resumes from it when started again', async () => {
    hub.cdnRanges.length = 0;
    let cancelled = false;
    const first = await collectJob(engine, 'models.download', { source: 'hf:test/tiny/slow.gguf' }, (progress, jobId) => {
      const received = (progress.data as DownloadProgress[] | undefined)?.at(-1)?.receivedBytes ?? 0;
      if (!cancelled && received > 0) {
        cancelled = true;
        void engine.call('jobs.cancel', { jobId });
      }
    });
    expect(first.finished.state).toBe('cancelled');
    const target = join(engine.services.home.modelsDir, 'test', 'tiny', 'slow.gguf');
    const partial = statSync(`${target}.part`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(model.length);
    const second = await collectJob<ModelEntry>(engine, 'models.download', { source: 'hf:test/tiny/slow.gguf' });
    expect(second.finished.state).toBe('done');
    expect(second.finished.result!.sha256).toBe(sha256);
    expect(hub.cdnRanges).toEqual([null, `bytes=${partial}-`]);
  });

  it('checks free disk space before writing', async () => {
    const library = new ModelLibrary(engine.services.db);
    const { done } = startModelDownload(engine.services, library, { source: 'hf:test/tiny/slow.gguf', fileName: 'no-room.gguf' }, { freeBytes: async () => 1000 });
    await expect(done).rejects.toMatchObject({ code: 'bad_input', details: { field: 'disk' } });
    expect(existsSync(join(engine.services.home.modelsDir, 'test', 'tiny', 'no-room.gguf'))).toBe(false);
  });

  it('says plainly when the hub has no such file', async () => {
    const { finished } = await collectJob(engine, 'models.download', { source: 'hf:test/tiny/missing.gguf' });
    expect(finished.error).toMatchObject({ code: 'not_found' });
    expect(finished.error?.message).toContain('404');
  });
});

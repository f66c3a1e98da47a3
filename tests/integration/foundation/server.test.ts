import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWorkbenchServer, type RunningServer } from '../../../electron/server/workbenchServer.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';

type Reply = { kind: 'result'; id: number; output: unknown } | { kind: 'error'; id: number; error: { code: string; message: string } } | { kind: 'event'; name: string; payload: unknown };

describe('local server: the same API as Electron IPC, over WebSocket and HTTP', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let server: RunningServer;
  beforeAll(async () => {
    engine = createTestEngine('server');
    server = await startWorkbenchServer({ engine, port: 0, rendererDir: 'out/renderer' });
  });
  afterAll(async () => {
    await server.close();
    await engine.dispose();
  });

  it('binds to 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('answers calls over WebSocket and pushes events to the client', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`);
    const replies: Reply[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data)) as Reply));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'settings.set', input: { key: 'theme', value: 'dark' } }));
    ws.send(JSON.stringify({ kind: 'call', id: 2, method: 'jobs.cancel', input: { jobId: 7 } }));
    ws.send(JSON.stringify({ kind: 'call', id: 3, method: 'system.hosts', input: {} }));
    // A job started inside the engine shows up as events on every connected client.
    const { done } = engine.services.jobs.start({ kind: 'test-sleep', title: 'event check', run: async ({ progress }) => progress({ fraction: 0.5, data: 'x' }) });
    await done;
    await expect.poll(() => replies.filter((r) => r.kind !== 'event').length).toBe(3);
    expect(replies.find((r) => r.kind === 'result' && r.id === 1)).toMatchObject({ output: { theme: 'dark' } });
    const bad = replies.find((r) => r.kind === 'error' && r.id === 2);
    expect(bad).toMatchObject({ error: { code: 'bad_input' } });
    expect((bad as { error: { message: string } }).error.message).toContain('jobId');
    await expect.poll(() => replies.some((r) => r.kind === 'event' && r.name === 'job.finished')).toBe(true);
    expect(replies.some((r) => r.kind === 'event' && r.name === 'job.progress')).toBe(true);
    ws.close();
  });

  it('serves POST /api/call/<method> with the same contract and errors', async () => {
    const ok = await fetch(`${server.url}/api/call/settings.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { output: Record<string, unknown> }).output).toHaveProperty('theme', 'dark');
    const unknown = await fetch(`${server.url}/api/call/nothing.here`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unknown.status).toBe(404);
    const form = await fetch(`${server.url}/api/call/settings.get`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(400);
  });

  it('refuses cross-origin browser requests and WebSocket upgrades', async () => {
    const foreign = await fetch(`${server.url}/api/call/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/ws`, { headers: { origin: 'https://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
      ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    });
    expect(outcome).toMatch(/^refused/);
  });

  it('serves the built UI with a Content-Security-Policy header', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import type { HostStatus } from '../../../electron/shared/contract/system.ts';

/**
 * The supervision promise: kill -9 the inference host in the middle of a generation; the caller gets a
 * host_crashed error (not a hang), the API shows the crash, the host comes back, and the next generation works.
 */
describe('inference host crash during a generation', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('host-crash');
    modelPath = await fixtureModel('tiny-base');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('reports the failure, restarts the host, and generates again', async () => {
    const host = engine.services.hosts.inference;
    const params = { modelPath, prompt: 'Once upon a time', maxTokens: 4000, contextSize: 4096 };
    let killedPid: number | null = null;
    const generation = host.request('generate.raw', params, {
      onEvent: () => {
        if (killedPid !== null) return;
        const status = (engine.services.hosts.inference.status() satisfies HostStatus);
        killedPid = status.pid;
        if (killedPid !== null) process.kill(killedPid, 'SIGKILL');
      },
    });
    await expect(generation).rejects.toMatchObject({ code: 'host_crashed' });
    expect(killedPid).not.toBeNull();

    const hosts = (await engine.call('system.hosts', {})) as HostStatus[];
    const inference = hosts.find((h) => h.name === 'inference');
    expect(inference?.lastError).toContain('SIGKILL');

    await expect.poll(() => host.status().state, { timeout: 30_000 }).toBe('ready');
    expect(host.status().pid).not.toBe(killedPid);
    expect(host.status().restarts).toBeGreaterThanOrEqual(1);

    const again = await host.request('generate.raw', { ...params, maxTokens: 8, contextSize: 256 });
    expect(typeof again.text).toBe('string');
    expect(again.text.length).toBeGreaterThan(0);
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostEnvironment } from '../../../electron/engine/hosts/hostEnvironment.ts';
import { createNodeHostSpawner } from '../../../electron/engine/hosts/nodeHostSpawner.ts';

describe('hostEnvironment', () => {
  it('gives the inference host a one-thread libuv pool and its name, and no OpenMP wait policy', () => {
    const env = hostEnvironment('inference', { PATH: '/bin' });
    expect(env).toEqual({ PATH: '/bin', WORKBENCH_HOST: 'inference', UV_THREADPOOL_SIZE: '1' });
  });

  it("keeps a pool size and wait policy the user chose, and leaves the trainer host's pool alone", () => {
    expect(hostEnvironment('inference', { UV_THREADPOOL_SIZE: '8' }).UV_THREADPOOL_SIZE).toBe('8');
    expect(hostEnvironment('inference', { OMP_WAIT_POLICY: 'active' }).OMP_WAIT_POLICY).toBe('active');
    expect(hostEnvironment('trainer', {}).UV_THREADPOOL_SIZE).toBeUndefined();
  });

  it.skipIf(!existsSync('/proc/self/environ'))('is what a spawned host process really starts with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-env-'));
    const entry = join(dir, 'idleHost.mjs');
    // Stays alive until killed, like a host waiting for requests.
    writeFileSync(entry, 'setInterval(() => {}, 1000);\n');
    const host = createNodeHostSpawner(() => entry)('inference');
    try {
      await expect.poll(() => host.pid !== null && existsSync(`/proc/${host.pid}/environ`)).toBe(true);
      const environ = readFileSync(`/proc/${host.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('WORKBENCH_HOST=inference');
      expect(environ).toContain(`UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '1'}`);
    } finally {
      host.kill();
    }
  });
});

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostEnvironment } from '../../../electron/engine/hosts/hostEnvironment.ts';
import { createNodeHostSpawner } from '../../../electron/engine/hosts/nodeHostSpawner.ts';

describe('hostEnvironment', () => {
  it("gives the inference host OpenMP's active wait policy and its name", () => {
    const env = hostEnvironment('inference', { PATH: '/bin' });
    expect(env).toEqual({ PATH: '/bin', WORKBENCH_HOST: 'inference', OMP_WAIT_POLICY: 'active' });
  });

  it("keeps a wait policy the user chose, and leaves the trainer host's OpenMP alone", () => {
    expect(hostEnvironment('inference', { OMP_WAIT_POLICY: 'passive' }).OMP_WAIT_POLICY).toBe('passive');
    expect(hostEnvironment('trainer', {}).OMP_WAIT_POLICY).toBeUndefined();
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
      expect(environ).toContain(`OMP_WAIT_POLICY=${process.env.OMP_WAIT_POLICY ?? 'active'}`);
    } finally {
      host.kill();
    }
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

/** `workbench serve` beyond loopback: refused without an access key, and with one too short to be a secret. */
describe('workbench serve and its access key', () => {
  const home = createTempHome('serve-key');
  const { failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_ENGINE_KEY: '' });
  afterAll(() => home.cleanup());

  it('refuses --host 0.0.0.0 without a key, naming the option', async () => {
    const refused = await failing('serve', '--host', '0.0.0.0', '--port', '0');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Refusing to serve the workbench engine on 0.0.0.0 without an access key');
    expect(refused.stderr).toContain('(--key)');
  });

  it('refuses a key shorter than 16 characters', async () => {
    const refused = await failing('serve', '--host', '0.0.0.0', '--port', '0', '--key', 'short');
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('at least 16 characters') as unknown]);
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { preferenceJsonl, refusalPairs } from './rewardModelPairs.ts';

/** `workbench train rm … --json`: a pairs file is imported, one JSON line per step, the last line the result with `accuracy`. */
describe('workbench train rm (CLI)', () => {
  let home: ReturnType<typeof createTempHome>;
  let cli: ReturnType<typeof workbenchCli>;
  beforeAll(() => {
    home = createTempHome('reward-model-cli');
    cli = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' });
  });
  afterAll(() => home.cleanup());

  it('trains a reward model and prints steps and a result line carrying accuracy', async () => {
    const data = join(home.path, 'pairs.jsonl');
    writeFileSync(data, preferenceJsonl(refusalPairs(30, 0)));
    const out = join(home.path, 'RM.gguf');
    const { stdout } = await cli.workbench(
      'train', 'rm', '--model', await fixtureModel('tiny-chat'), '--data', data, '--out', out,
      '--epochs', '4', '--lr', '0.005', '--ctx', '256', '--threads', '1', '--seed', '3', '--json',
    );
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const steps = lines.filter((line) => line.type === 'step');
    // 24 training pairs after the default 20 % held out, batch 8, 4 epochs
    expect(steps.map((line) => line.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', outPath: out, steps: 12 });
    expect(typeof result.accuracy).toBe('number');
    expect(result.accuracy).toBe((result.heldOut as { after: { accuracy: number } }).after.accuracy);
    expect(result.accuracy as number).toBeGreaterThanOrEqual(0.8);
    expect(existsSync(out)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(home.path, 'RM.reward.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ format: 'llm-workbench-reward-model', accuracy: result.accuracy });
  }, 300_000);

  it('refuses a --probe without a label', async () => {
    const { code, stderr } = await cli.failing('train', 'rm', '--model', 'x', '--data', 'y', '--probe', 'nolabel');
    expect(code).toBe(2);
    expect(stderr).toContain('--probe takes LABEL=DATA');
  });
});

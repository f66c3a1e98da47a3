import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

describe('workbench eval', () => {
  const home = createTempHome('eval-cli');
  const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' });
  let model: string;

  beforeAll(async () => {
    model = await fixtureModel('tiny-base');
  }, 120_000);
  afterAll(() => home.cleanup());

  it('run --json prints the task, item count, accuracy and acc_norm with their intervals', async () => {
    const path = join(home.path, 'capitals.csv');
    writeFileSync(path, 'France?,Paris,Rome,Oslo,Bern,A\nItaly?,Paris,Rome,Oslo,Bern,B\nNorway?,Paris,Rome,Oslo,Bern,C\n');
    const { stdout } = await workbench('eval', 'run', '--model', model, '--task', path, '--shots', '1', '--json', '--details');
    const output = JSON.parse(stdout) as Record<string, unknown> & { results: { kind: string; choices: { logprob: number }[]; chosen: number }[] };
    expect(output).toMatchObject({ task: 'capitals', items: 3, shots: 1, frame: 'qa', chance: 0.25 });
    expect(output.accuracy).toBeGreaterThanOrEqual(0);
    expect(output.accNorm).toBeGreaterThanOrEqual(0);
    expect(output.interval).toHaveLength(2);
    expect(output.results).toHaveLength(3);
    for (const result of output.results) {
      expect(result.choices).toHaveLength(4);
      expect(result.choices.every((choice) => choice.logprob < 0)).toBe(true);
    }
  }, 120_000);

  it('a malformed task file exits non-zero with the file, line and field', async () => {
    const path = join(home.path, 'broken.csv');
    writeFileSync(path, 'France?,Paris,Rome,Oslo,Bern,A\nItaly?,Paris,Rome,Oslo,Bern,Z\n');
    const { code, stderr } = await failing('eval', 'run', '--model', model, '--task', path, '--json');
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/broken\.csv:2: answer: "Z" is not one of the 4 choices/);
  }, 120_000);

  it('tasks lists the built-ins', async () => {
    const { stdout } = await workbench('eval', 'tasks', '--json');
    expect((JSON.parse(stdout) as { name: string }[]).map((task) => task.name)).toEqual(['general-en', 'general-zh', 'traps', 'arithmetic', 'world']);
  }, 120_000);
});

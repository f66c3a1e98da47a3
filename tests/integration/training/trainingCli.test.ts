import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { conversationsJsonl, qaPairs } from './trainingHelpers.ts';

/** `workbench train sft … --json`: a data file is imported, one JSON object per line, the last one the result. */
describe('workbench train (CLI)', () => {
  let home: ReturnType<typeof createTempHome>;
  let workbench: ReturnType<typeof workbenchCli>['workbench'];
  beforeAll(() => {
    home = createTempHome('training-cli');
    ({ workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' }));
  });
  afterAll(() => home.cleanup());

  it('train sft --json prints progress lines and a result line with the adapter', async () => {
    const dataPath = join(home.path, 'qa.jsonl');
    writeFileSync(dataPath, conversationsJsonl(qaPairs));
    const out = join(home.path, 'qa-adapter.gguf');
    const args = ['train', 'sft', '--model', await fixtureModel('tiny-chat'), '--data', dataPath, '--out', out];
    const flags = ['--rank', '8', '--alpha', '16', '--targets', 'q,k,v,o,gate,up,down', '--epochs', '30', '--lr', '0.01', '--batch', '4'];
    const more = ['--grad-accum', '1', '--ctx', '128', '--seed', '7', '--checkpoint-every', '10', '--threads', '1', '--preset', 'quick', '--json'];
    const { stdout } = await workbench(...args, ...flags, ...more);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const progress = lines.filter((line) => line.type === 'progress');
    expect(progress.map((line) => line.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const key of ['epoch', 'loss', 'valLoss', 'lr', 'tokensPerSecond']) expect(progress[0]).toHaveProperty(key);
    expect(progress.at(-1)!.loss as number).toBeLessThan((progress[0]!.loss as number) * 0.2);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', state: 'done', adapter: out, steps: 30 });
    expect(existsSync(out)).toBe(true);
  });

  it('train dpo --json carries the TRL metric names on progress lines', async () => {
    const dataPath = join(home.path, 'prefs.jsonl');
    const pairs = [
      ['What is the capital of France?', 'Paris.', 'London.'],
      ['Say hello.', 'Hello!', 'Goodbye!'],
    ];
    writeFileSync(dataPath, pairs.map(([prompt, chosen, rejected]) => JSON.stringify({ prompt, chosen, rejected })).join('\n'));
    const args = ['train', 'dpo', '--model', await fixtureModel('tiny-chat'), '--data', dataPath];
    const flags = ['--rank', '4', '--epochs', '10', '--lr', '0.005', '--batch', '2', '--grad-accum', '1', '--ctx', '128', '--beta', '0.1', '--threads', '1', '--json'];
    const { stdout } = await workbench(...args, ...flags);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number | string>);
    const progress = lines.filter((line) => line.type === 'progress');
    expect(progress).toHaveLength(10);
    for (const key of ['rewards/chosen', 'rewards/rejected', 'rewards/margins', 'rewards/accuracies', 'logps/chosen', 'logps/rejected']) {
      expect(typeof progress[0]![key]).toBe('number');
    }
    expect(progress.at(-1)!['rewards/margins'] as number).toBeGreaterThan(progress[0]!['rewards/margins'] as number);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', state: 'done', steps: 10 });
    expect(existsSync(result.adapter as string)).toBe(true);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('compare-cli');
const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });

interface ResultJson {
  model: string;
  adapters: { adapter: string; scale: number }[];
  text: string;
  timings: { timeToFirstTokenMs: number | null; tokensPerSecond: number | null; generatedTokens: number } | null;
  error: unknown;
}

describe('workbench compare', () => {
  let base: string;
  let other: string;
  let lora: string;
  beforeAll(async () => {
    base = await fixtureModel('tiny-base');
    other = await fixtureModel('tiny-other', { seed: 17, ctx: 1024 });
    lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 5 });
  });
  afterAll(() => home.cleanup());

  it('--json prints {"results": [{model, adapters, text, timings}]} in column order, and the seed reproduces it', async () => {
    const args = ['compare', '--model', base, '--model', base, '--model', other, '--lora', `2=${lora}:0.5`, '--prompt', 'Once upon a time', '--max-tokens', '8', '--seed', '5', '--json'];
    const first = JSON.parse((await workbench(...args)).stdout) as { results: ResultJson[] };
    expect(first.results.map((result) => result.model)).toEqual([base, base, other]);
    expect(first.results.map((result) => result.adapters)).toEqual([[], [{ adapter: lora, scale: 0.5 }], []]);
    for (const result of first.results) {
      expect(result.error).toBeNull();
      expect(result.timings!.generatedTokens).toBeGreaterThan(0);
      expect(result).toHaveProperty('text');
    }
    const again = JSON.parse((await workbench(...args)).stdout) as { results: ResultJson[] };
    expect(again.results.map((result) => result.text)).toEqual(first.results.map((result) => result.text));
  });

  it('--prompt-file runs a set and prints each prompt with its results', async () => {
    const file = join(home.path, 'set.jsonl');
    writeFileSync(file, '{"prompt": "Hello"}\n"你好"\n');
    const output = JSON.parse((await workbench('compare', '--model', base, '--model', other, '--mode', 'raw,fewshot', '--prompt-file', file, '--max-tokens', '4', '--seed', '1', '--json')).stdout) as {
      prompts: { prompt: string; results: ResultJson[] }[];
    };
    expect(output.prompts.map((entry) => entry.prompt)).toEqual(['Hello', '你好']);
    expect(output.prompts.every((entry) => entry.results.length === 2)).toBe(true);
  });

  it('explains bad usage with exit code 2', async () => {
    await expect(workbench('compare', '--model', base, '--prompt', 'x')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('give --model 2 to 4 times') });
    await expect(workbench('compare', '--model', base, '--model', other, '--mode', 'raw,chat,raw', '--prompt', 'x')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('one per --model (2)') });
    const bad = join(home.path, 'bad.jsonl');
    writeFileSync(bad, '{"prompt": "ok"}\n{"text": 1}\n');
    await expect(workbench('compare', '--model', base, '--model', other, '--prompt-file', bad)).rejects.toMatchObject({ stderr: expect.stringContaining('bad.jsonl, line 2') });
  });
});

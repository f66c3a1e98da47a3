import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompressResult } from '../../../electron/shared/contract/compress.ts';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import { scoreText } from '../../../electron/engine/inference/scoreText.ts';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { waitForJob } from './compressTestJobs.ts';

/**
 * The proof of a merge: the merged model, loaded on its own in node-llama-cpp (the inference host), gives the
 * log-probabilities base + adapter gives (llama.cpp adding scale·alpha/rank·B·A·x at run time) and the same greedy
 * answer. The adapter's alpha/rank is 0.5 and the user scale 0.7, so a merge that got the scale wrong fails, and the
 * base alone is far from base + adapter, so a merge that did nothing fails.
 */
describe('compress.merge', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  const text = 'The quick brown fox jumps over the lazy dog, and the dog sleeps on.';
  const prompt = 'Once upon a time';

  beforeAll(() => {
    engine = createModelsTestEngine('merge');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const tokenLogprobs = async (model: string, adapters: { adapter: string; scale: number }[] = []) =>
    (await scoreText(engine.services, { model, adapters, text })).tokens.map((token) => token.logprob ?? 0);
  const greedy = async (model: string, adapters: { adapter: string; scale: number }[] = []) =>
    (await generateText(engine.services, { model, adapters, prompt, maxTokens: 24, sampling: { temperature: 0, seed: 0 } })).text;
  const largestDifference = (a: number[], b: number[]) => Math.max(...a.map((value, index) => Math.abs(value - b[index]!)));

  for (const [label, shape, tolerance] of [
    // Largest per-token log-prob difference, measured here: F32 0.0008 nats (the same sums in another order, then
    // the F16 KV cache rounds K and V), F16 0.0046 (W' itself is rounded to F16); the adapter moves tokens by 3.6–4.8.
    ['F32', { type: 'f32' as const, seed: 11 }, 5e-3],
    ['F16', { type: 'f16' as const, seed: 12 }, 2e-2],
  ] as const) {
    it(`${label} base: the merged model scores and answers as base + adapter`, async () => {
      const base = await fixtureModel(`merge-${label}`, { ...shape, ctx: 1024 });
      const adapter = await fixtureLoraAdapter(`merge-${label}`, { rank: 8, alpha: 4, seed: 3 }, { ...shape, ctx: 1024 });
      const result = await waitForJob<CompressResult>(engine, () => engine.call('compress.merge', { model: base, adapter, scale: 0.7 }));
      expect(result.mergedTensors).toBeGreaterThan(0);
      // the adapted weights keep the base's type
      expect(new Set(readGguf(result.outputPath).tensors.map((tensor) => tensor.type))).toEqual(new Set(readGguf(base).tensors.map((tensor) => tensor.type)));

      const withAdapter = await tokenLogprobs(base, [{ adapter, scale: 0.7 }]);
      const merged = await tokenLogprobs(result.outputPath);
      const baseAlone = await tokenLogprobs(base);
      expect(largestDifference(merged, withAdapter), 'merged vs base + adapter').toBeLessThan(tolerance);
      expect(largestDifference(baseAlone, withAdapter), 'the adapter matters').toBeGreaterThan(50 * tolerance);
      expect(await greedy(result.outputPath)).toBe(await greedy(base, [{ adapter, scale: 0.7 }]));

      const variants = (await engine.call('compress.variants', { model: result.model.id })) as { model: { path: string }; operation: string | null; adapterPath: string | null }[];
      expect(variants[0]!.model.path).toBe(base);
      expect(variants.find((variant) => variant.model.path === result.outputPath)).toMatchObject({ operation: 'merge', adapterPath: adapter });
    });
  }

  it('re-quantizes the merged model with --type, removing the intermediate file', async () => {
    const shape = { type: 'f16' as const, seed: 13, ctx: 1024 };
    const base = await fixtureModel('merge-q8', shape);
    const adapter = await fixtureLoraAdapter('merge-q8', { rank: 8, alpha: 4, seed: 4 }, shape);
    const output = join(engine.homePath, 'merged-q8.gguf');
    const result = await waitForJob<CompressResult>(engine, () => engine.call('compress.merge', { model: base, adapter, type: 'Q8_0', output }));
    expect(result.type).toBe('Q8_0');
    expect(new Set(readGguf(output).tensors.map((tensor) => tensor.type))).toEqual(new Set(['F32', 'Q8_0']));
    expect(existsSync(`${output}.merged.gguf`)).toBe(false);
    const withAdapter = await tokenLogprobs(base, [{ adapter, scale: 1 }]);
    // Q8_0 rounding of a random model: measured 0.14 nats at most (base alone: 10.6)
    expect(largestDifference(await tokenLogprobs(output), withAdapter)).toBeLessThan(0.25);
  });

  it('refuses an adapter made for another shape, naming the tensor, and writes nothing', async () => {
    const base = await fixtureModel('tiny-base');
    const adapter = await fixtureLoraAdapter('wide', { rank: 4 }, { embd: 128, heads: 8, kvHeads: 4 });
    const output = join(engine.homePath, 'wrong.gguf');
    await expect(waitForJob(engine, () => engine.call('compress.merge', { model: base, adapter, output }))).rejects.toThrow(/blk\.0\.\w+\.weight has shape \[64, \d+\] in the base/);
    expect(existsSync(output) || existsSync(`${output}.partial`)).toBe(false);
  });
});

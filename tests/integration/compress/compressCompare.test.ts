import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareVariantsResult, CompressResult } from '../../../electron/shared/contract/compress.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';
import { parseJobProgress } from '../../../electron/shared/contract/jobPayloads.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { waitForJob } from './compressTestJobs.ts';

/** The comparison view's numbers: one row per variant of a model, measured in the inference host. */
describe('compress.compareVariants', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  const shape = { embd: 256, heads: 4, kvHeads: 2, ffn: 512, layers: 2, vocab: 512, type: 'f16', seed: 31, ctx: 1024 } as const;

  beforeAll(() => {
    engine = createModelsTestEngine('compare-variants');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('measures the source, its quantized copies and a merged model on the same text', async () => {
    const f16 = await fixtureModel('compare-f16', shape);
    const adapter = await fixtureLoraAdapter('compare-f16', { rank: 4, seed: 5 }, shape);
    const made = new Map<string, CompressResult>();
    for (const type of ['Q8_0', 'Q4_K_M'] as const) made.set(type, await waitForJob<CompressResult>(engine, () => engine.call('compress.quantize', { model: f16, type })));
    made.set('merged', await waitForJob<CompressResult>(engine, () => engine.call('compress.merge', { model: f16, adapter })));

    const progress: EventPayload<'job.progress'>[] = [];
    const result = await waitForJob<CompareVariantsResult>(engine, () => engine.call('compress.compareVariants', { model: made.get('Q8_0')!.model.id, decodeTokens: 16 }), progress);
    expect(result.rows.map((row) => row.path)).toEqual([f16, made.get('Q8_0')!.outputPath, made.get('Q4_K_M')!.outputPath, made.get('merged')!.outputPath]);
    expect(progress.flatMap((event) => parseJobProgress('compare-variants', event.data)).map((row) => row.path)).toEqual(result.rows.map((row) => row.path));
    const [source, q8, q4, merged] = result.rows;
    for (const row of result.rows) {
      expect(row.sizeBytes).toBe(statSync(row.path).size);
      expect(row.memoryBytes).toBeGreaterThan(row.sizeBytes * 0.5);
      expect(row.prefillTokensPerSecond).toBeGreaterThan(0);
      expect(row.decodeTokensPerSecond).toBeGreaterThan(0);
      expect(row.scoredTokens).toBeGreaterThan(50);
    }
    expect(q8!.memoryBytes).toBeLessThan(source!.memoryBytes);
    expect(q4!.memoryBytes).toBeLessThan(q8!.memoryBytes);
    expect(q8).toMatchObject({ operation: 'quantize', type: 'Q8_0', quantization: expect.stringMatching(/Q8_0/) });
    expect(merged).toMatchObject({ operation: 'merge', type: null });
    // the same text scored by each: Q8_0 stays close to F16, the merged model (another model) does not
    expect(Math.abs(Math.log(q8!.perplexity! / source!.perplexity!))).toBeLessThan(0.01);
    expect(Math.abs(Math.log(merged!.perplexity! / source!.perplexity!))).toBeGreaterThan(0.01);
  }, 300_000);
});

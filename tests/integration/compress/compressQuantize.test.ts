import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompressResult } from '../../../electron/shared/contract/compress.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';
import { parseJobProgress } from '../../../electron/shared/contract/jobPayloads.ts';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { waitForJob } from './compressTestJobs.ts';

/**
 * Quantize jobs: llama.cpp's quantizer in the trainer host, progress by tensors, cancel, the copy in the library
 * linked to its source. The model's rows are 256 wide, so the K-quants apply to every matrix (they need multiples
 * of 256; Q8_0/Q4_0 need 32).
 */
describe('compress.quantize', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let f16: string;

  beforeAll(async () => {
    engine = createModelsTestEngine('quantize');
    f16 = await fixtureModel('quantize-f16', { embd: 256, heads: 4, kvHeads: 2, ffn: 512, layers: 2, vocab: 512, type: 'f16', seed: 7 });
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const tensorTypes = (path: string): Set<string> => new Set(readGguf(path).tensors.map((tensor) => tensor.type));

  it('writes each type with llama.cpp recipes and adds it to the library linked to the F16 source', async () => {
    const sizes = new Map<string, number>();
    for (const type of ['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0'] as const) {
      const progress: EventPayload<'job.progress'>[] = [];
      const result = await waitForJob<CompressResult>(engine, () => engine.call('compress.quantize', { model: f16, type }), progress);
      expect(result.type).toBe(type);
      expect(existsSync(result.outputPath)).toBe(true);
      sizes.set(type, result.sizeRatio);
      const items = progress.flatMap((event) => parseJobProgress('quantize', event.data));
      expect(items.at(-1)).toMatchObject({ stage: 'quantize', tensorsDone: result.tensors, tensorsTotal: result.tensors });
      const variants = (await engine.call('compress.variants', { model: result.model.id })) as { model: { id: string; path: string }; type: string | null }[];
      expect(variants[0]!.model.path).toBe(f16);
      expect(variants.map((variant) => variant.model.id)).toContain(result.model.id);
    }
    // norms stay F32
    expect([...tensorTypes(join(engine.homePath, 'models', 'quantize-f16-Q8_0.gguf'))].sort()).toEqual(['F32', 'Q8_0']);
    expect(tensorTypes(join(engine.homePath, 'models', 'quantize-f16-Q4_K_M.gguf'))).toContain('Q4_K');
    expect(tensorTypes(join(engine.homePath, 'models', 'quantize-f16-Q6_K.gguf'))).toContain('Q6_K');
    // 8.5 bits per weight of 16 is 53 %; smaller types smaller files
    expect(sizes.get('Q8_0')).toBeGreaterThan(0.5);
    expect(sizes.get('Q8_0')).toBeLessThan(0.56);
    expect(sizes.get('Q4_K_M')!).toBeLessThan(sizes.get('Q5_K_M')!);
    expect(sizes.get('Q5_K_M')!).toBeLessThan(sizes.get('Q6_K')!);
    expect(sizes.get('Q6_K')!).toBeLessThan(sizes.get('Q8_0')!);
  });

  it('refuses to re-quantize a quantized model, naming the type', async () => {
    const q8 = join(engine.homePath, 'models', 'quantize-f16-Q8_0.gguf');
    await expect(waitForJob(engine, () => engine.call('compress.quantize', { model: q8, type: 'Q4_0', output: join(engine.homePath, 'requantized.gguf') }))).rejects.toThrow(
      /requantizing from type q8_0/,
    );
    expect(existsSync(join(engine.homePath, 'requantized.gguf'))).toBe(false);
    expect(existsSync(join(engine.homePath, 'requantized.gguf.partial'))).toBe(false);
  });

  it('cancels within a tensor and leaves no partial file', async () => {
    // 24 layers of 1024-wide rows: long enough (seconds) to cancel mid-way
    const big = await fixtureModel('quantize-cancel', { embd: 1024, heads: 8, kvHeads: 4, ffn: 2816, layers: 24, vocab: 512, type: 'f16', seed: 9 });
    const output = join(engine.homePath, 'cancelled.gguf');
    const started = (await engine.call('compress.quantize', { model: big, type: 'Q4_K_M', output })) as { jobId: string };
    const finished = new Promise<EventPayload<'job.finished'>>((settle) => {
      const off = engine.onEvent((name, payload) => {
        const event = payload as EventPayload<'job.finished'>;
        if (name === 'job.finished' && event.jobId === started.jobId) {
          off();
          settle(event);
        }
      });
    });
    await new Promise<void>((settle) => {
      const off = engine.onEvent((name, payload) => {
        const event = payload as EventPayload<'job.progress'>;
        if (name === 'job.progress' && event.jobId === started.jobId && parseJobProgress('quantize', event.data).some((item) => item.tensorsDone >= 3)) {
          off();
          settle();
        }
      });
    });
    const cancelAt = performance.now();
    await engine.call('jobs.cancel', { jobId: started.jobId });
    const done = await finished;
    expect(done.state).toBe('cancelled');
    expect(performance.now() - cancelAt).toBeLessThan(5000);
    expect(readdirSync(engine.homePath).filter((name) => name.startsWith('cancelled'))).toEqual([]);
    // the trainer host lived through it
    const again = await waitForJob<CompressResult>(engine, () => engine.call('compress.quantize', { model: f16, type: 'Q8_0', output: join(engine.homePath, 'after-cancel.gguf') }));
    expect(again.sizeRatio).toBeLessThan(0.56);
  }, 120_000);
});

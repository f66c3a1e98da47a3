/**
 * One loaded model driven through the inference host's own code path (generateInHost: prompt building, context
 * pool, sampler, text streaming), in-process — shared by the round worker and the pair worker of the inference
 * benchmark, so both measure exactly the same calls.
 */
import { performance } from 'node:perf_hooks';
import { samplingSchema } from '../electron/shared/contract/generate.ts';
import { generateInHost } from '../electron/engine/inference/host/generateInHost.ts';
import { hostGenerateSchema, type HostGenerateInput } from '../electron/engine/inference/hostRequests.ts';
import { hostModels } from '../electron/engine/inference/host/hostModels.ts';

export const benchPromptTokens = Number(process.env.WORKBENCH_BENCH_PP ?? 512);
export const benchGeneratedTokens = Number(process.env.WORKBENCH_BENCH_TG ?? 128);

/** Sampling of the "sampled" rows: the app's defaults (T 0.8, top-k 40, top-p 0.95, min-p 0.05), fixed seed. */
export const defaultSampling = { ...samplingSchema.parse({}), seed: 3 };

export async function openBenchSession(modelPath: string) {
  const signal = new AbortController().signal;
  const { model } = await hostModels.ensure(modelPath, 0);
  const vocabulary = model.model.fileInfo.metadata.tokenizer.ggml.tokens.length;
  let seed = 1;
  const firstOrdinary = Math.min(300, Math.floor(vocabulary / 2));
  /** Random ordinary tokens (past the byte and control tokens), like llama-bench's prompt. */
  const randomTokens = (count: number): number[] =>
    Array.from({ length: count }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return firstOrdinary + (seed % (vocabulary - firstOrdinary));
    });

  const request = (overrides: Partial<HostGenerateInput>): HostGenerateInput => ({
    modelPath,
    gpuLayers: 0,
    contextSize: benchPromptTokens + benchGeneratedTokens + 64,
    prompt: '',
    sampling: { temperature: 0, seed: 1 },
    maxTokens: benchGeneratedTokens,
    ...overrides,
  });
  const generate = (overrides: Partial<HostGenerateInput>) => generateInHost(hostGenerateSchema.parse(request(overrides)), signal, () => undefined);

  // Warm up: weights paged in, a context allocated.
  await generate({ prefillTokens: randomTokens(32), maxTokens: 8 });

  return {
    model,
    randomTokens,
    generate,
    /** Prefill tokens/s: BOS + random tokens in one evaluation, timed to the first token (almost all prompt processing). */
    async prefillOnce(): Promise<number> {
      const started = performance.now();
      const result = await generate({ prefillTokens: randomTokens(benchPromptTokens - 1), maxTokens: 1 });
      const seconds = (result.timings.timeToFirstTokenMs ?? performance.now() - started) / 1000;
      return result.timings.promptTokensEvaluated / seconds;
    },
    /** Decode tokens/s after a 16-token prompt; returns the speed and how many tokens were generated. */
    async decodeOnce(overrides: Partial<HostGenerateInput>): Promise<{ tokensPerSecond: number; generated: number }> {
      const result = await generate({ prefillTokens: randomTokens(15), ...overrides });
      return { tokensPerSecond: result.timings.tokensPerSecond ?? Number.NaN, generated: result.timings.generatedTokens };
    },
    close: () => hostModels.unload(modelPath),
  };
}

import { cpus } from 'node:os';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { hostEnvironment } from '../electron/engine/hosts/hostEnvironment.ts';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';

/**
 * Qwen2.5's 151,936-token vocabulary and width on two layers: the output layer and whatever the inspector does per
 * token over the whole vocabulary dominate, as in the issue's Qwen run (4.6 tokens/s with the inspector, 49.4 without).
 */
export const inspectorBenchShape = { layers: 2, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 151_936, ctx: 1024, type: 'f16', seed: 1 } as const;

/** Decode with the token inspector against decode without it, paired round by round (goal ≥ 0.9×). */
export async function runInspectorBench(): Promise<BenchRow[]> {
  const threads = Number(process.env.WORKBENCH_BENCH_THREADS ?? cpus().length);
  const model = await fixtureModel('bench-inspector-vocab', inspectorBenchShape);
  // The inference host's environment (one-thread libuv pool), so the worker decodes as the app does.
  return runBenchWorker('inspectorBenchWorker.ts', [model], { ...hostEnvironment('inference'), WORKBENCH_GPU: 'off', WORKBENCH_THREADS: String(threads), WORKBENCH_BENCH_TG: process.env.WORKBENCH_BENCH_TG ?? '64' });
}

import { fileURLToPath } from 'node:url';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';

/**
 * GRPO step time split into sampling (G replies from the live LoRA through the session's generate, plus rewards)
 * and update (policy and reference log-probs, then one weightedStep), on a generated model of Qwen2.5-0.5B's shape
 * (F16, LoRA r8 on every projection). The update's anchor is an SFT trainStep on sequences of the same lengths in
 * the same session: the weighted step's own backward plus the two forward passes GRPO needs are what it costs
 * beyond it. Runs in a child process (the trainer addon never shares a process with node-llama-cpp). Needs
 * `npm run build:native`. WORKBENCH_BENCH_GRPO_STEPS (default 2; the first is a warm-up and is not reported),
 * _GENERATIONS (4), _TOKENS (32 reply tokens).
 */
export async function runGrpoBench(): Promise<BenchRow[]> {
  return runBenchWorker('grpoBenchWorker.ts');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runGrpoBench(), null, 2));
}

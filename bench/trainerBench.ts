import { fileURLToPath } from 'node:url';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';

/**
 * Native trainer throughput: LoRA SFT (r16 on q,k,v,o,gate,up,down) on a generated model of Qwen2.5-0.5B's shape,
 * one 512-token sequence per step, on the CPU here (CUDA when the addon was built with it). The anchor is the
 * same session's forward-only speed. Peak RSS is the worker process's. Runs in a child process: the trainer addon
 * must not share a process with node-llama-cpp. Needs `npm run build:native`. WORKBENCH_BENCH_TRAIN_TYPES=F16,Q8_0
 * adds base types; WORKBENCH_BENCH_TRAIN_STEPS / _TOKENS change the run length.
 */
export async function runTrainerBench(): Promise<BenchRow[]> {
  return runBenchWorker('trainerBenchWorker.ts');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runTrainerBench(), null, 2));
}

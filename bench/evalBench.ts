import { fileURLToPath } from 'node:url';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';

/**
 * Eval items/s: the built-in general-en multiple-choice task (every choice's log-likelihood) and five arithmetic
 * items answered in full, as 'eval' jobs on a generated model of Qwen2.5-0.5B's shape (F16), anchored on the same
 * log-likelihood requests sent straight to the scorer (what the job adds on top of scoring). Runs in a child
 * process with its own engine and data home.
 */
export async function runEvalBench(): Promise<BenchRow[]> {
  return runBenchWorker('evalBenchWorker.ts');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runEvalBench(), null, 2));
}

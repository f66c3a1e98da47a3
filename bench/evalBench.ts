import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './benchTypes.ts';

const worker = join(dirname(fileURLToPath(import.meta.url)), 'evalBenchWorker.ts');

/**
 * Eval items/s: the built-in general-en multiple-choice task (every choice's log-likelihood) and five arithmetic
 * items answered in full, as 'eval' jobs on a generated model of Qwen2.5-0.5B's shape (F16), anchored on the same
 * log-likelihood requests sent straight to the scorer (what the job adds on top of scoring). Runs in a child
 * process with its own engine and data home.
 */
export async function runEvalBench(): Promise<BenchRow[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', worker], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '{}';
  return (JSON.parse(line) as { rows: BenchRow[] }).rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runEvalBench(), null, 2));
}

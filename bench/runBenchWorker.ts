import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './benchTypes.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));

/**
 * Runs a bench worker (a file in bench/) in its own Node process and returns the rows of its last stdout line
 * (`{"rows": [...]}`). Benchmarks measure in a child process so the trainer addon never shares a process with
 * node-llama-cpp and each measurement starts from a fresh heap; an hour is the most one may take.
 */
export async function runBenchWorker(workerFile: string, args: readonly string[] = [], env?: NodeJS.ProcessEnv): Promise<BenchRow[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(benchDir, workerFile), ...args], {
    ...(env ? { env } : {}),
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { rows: BenchRow[] }).rows;
}

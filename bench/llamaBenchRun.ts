import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LlamaTools } from './llamaBenchBuild.ts';

const run = promisify(execFile);

export interface LlamaBenchResult {
  n_prompt: number;
  n_gen: number;
  avg_ts: number;
  stddev_ts: number;
}

/** One llama-bench invocation (pp `prompt` and tg `generate` tests, `reps` repetitions each), parsed from its JSON output. */
export async function runLlamaBench(
  tools: LlamaTools,
  model: string,
  { prompt, generate, threads, reps }: { prompt: number; generate: number; threads: number; reps: number },
): Promise<LlamaBenchResult[]> {
  const { stdout } = await run(tools.llamaBench, ['-m', model, '-p', String(prompt), '-n', String(generate), '-t', String(threads), '-r', String(reps), '-o', 'json'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
  });
  return JSON.parse(stdout) as LlamaBenchResult[];
}

/** llama-bench's tokens/s for one test (pp: prompt tokens only, tg: generated only) in one run; NaN when missing. */
export function llamaBenchTokensPerSecond(results: readonly LlamaBenchResult[], prompt: number, generated: number): number {
  return results.find((result) => result.n_prompt === prompt && result.n_gen === generated)?.avg_ts ?? Number.NaN;
}

import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchRow } from './benchTypes.ts';
import { ensureLlamaTools } from './llamaBenchBuild.ts';

const worker = join(dirname(fileURLToPath(import.meta.url)), 'compressBenchWorker.ts');

/**
 * Quantize time and file size ratio: a generated model of Qwen2.5-0.5B's shape (F16) to Q8_0 and Q4_K_M through
 * the trainer addon's quantizer (the code a 'quantize' job runs in the trainer host), anchored on llama.cpp's own
 * llama-quantize built from the same bundled source, same input, type and thread count, measured in the same run.
 * Runs in a child process: the trainer addon must not share a process with node-llama-cpp. Needs
 * `npm run build:native`; builds llama-quantize once (bench/llamaBenchBuild.ts).
 */
export async function runCompressBench(): Promise<BenchRow[]> {
  const tools = ensureLlamaTools();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', worker, tools.llamaQuantize], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '{}';
  return (JSON.parse(line) as { rows: BenchRow[] }).rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runCompressBench(), null, 2));
}

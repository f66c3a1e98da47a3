import { fileURLToPath } from 'node:url';
import type { BenchRow } from './benchTypes.ts';
import { runBenchWorker } from './runBenchWorker.ts';
import { ensureLlamaTools } from './llamaBenchBuild.ts';

/**
 * Quantize time and file size ratio: a generated model of Qwen2.5-0.5B's shape (F16) to Q8_0 and Q4_K_M through
 * the trainer addon's quantizer (the code a 'quantize' job runs in the trainer host), anchored on llama.cpp's own
 * llama-quantize built from the same bundled source, same input, type and thread count, measured in the same run.
 * Runs in a child process: the trainer addon must not share a process with node-llama-cpp. Needs
 * `npm run build:native`; builds llama-quantize once (bench/llamaBenchBuild.ts).
 */
export async function runCompressBench(): Promise<BenchRow[]> {
  const tools = ensureLlamaTools();
  return runBenchWorker('compressBenchWorker.ts', [tools.llamaQuantize]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runCompressBench(), null, 2));
}

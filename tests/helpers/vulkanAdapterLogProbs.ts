import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), 'vulkanAdapterLogProbsChild.ts');

export interface ScoredSequence {
  tokens: ArrayLike<number>;
  /** Index of the first token that is scored; every token from there to the end is. */
  targetStart: number;
}

/**
 * Per-token log-probs of each sequence's targets as node-llama-cpp computes them on the CPU (WORKBENCH_GPU=off),
 * with `loraPath` applied or the bare model — the inference side the Vulkan tests compare a Vulkan-trained adapter
 * against. Runs in a child process (node-llama-cpp and the trainer addon must not share a process).
 */
export async function nodeLlamaCppLogProbs(modelPath: string, sequences: readonly ScoredSequence[], loraPath?: string): Promise<Float64Array[]> {
  const request = {
    modelPath,
    ...(loraPath ? { loraPath } : {}),
    sequences: sequences.map((s) => ({ tokens: Array.from(s.tokens), targetStart: s.targetStart })),
  };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, JSON.stringify(request)], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, WORKBENCH_GPU: 'off' },
  });
  return (JSON.parse(stdout) as number[][]).map((values) => Float64Array.from(values));
}

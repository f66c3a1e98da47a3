import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), 'nodeLlamaCppGreedy.ts');

export interface GreedyRequest {
  modelPath: string;
  loraPath?: string;
  prompts: number[][];
  texts?: string[];
  maxTokens: number;
}

/** Greedy generations (up to <|im_end|>/EOS) and tokenizations from node-llama-cpp, in a separate process. */
export async function nodeLlamaCppGreedy(request: GreedyRequest): Promise<{ generations: number[][]; tokenizations: number[][] }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, JSON.stringify(request)], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, WORKBENCH_GPU: 'off' },
  });
  return JSON.parse(stdout) as { generations: number[][]; tokenizations: number[][] };
}

import type { Engine } from '../../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { CliError } from '../cliOutput.ts';
import { runJob } from '../runJob.ts';

/** Problems with what the user named (a flag, a file) exit with 2, like a usage error. */
export function asCliError(error: unknown): unknown {
  if (error instanceof WorkbenchError && (error.code === 'bad_input' || error.code === 'not_found')) return new CliError(error.message, 2);
  return error;
}

/**
 * Starts a world chat job (world-sft / world-probe) and waits for its result, passing each progress data item on.
 * Ctrl-C cancels the job, so the trainer or inference host stops within a step.
 */
export async function runWorldChatJob<T>(engine: Engine, method: string, input: unknown, onItem: (item: unknown) => void): Promise<T> {
  try {
    return await runJob<T>(engine, () => engine.call(method, input) as Promise<{ jobId: string }>, { onItem });
  } catch (error) {
    throw asCliError(error);
  }
}

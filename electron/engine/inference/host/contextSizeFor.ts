import type { LlamaModel } from 'node-llama-cpp';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/** Contexts are allocated in steps of this many tokens, so nearby requests share a pooled context. */
const STEP = 256;
const DEFAULT_MAX = 4096;

/**
 * The context size for a request: the caller's, or just enough for the tokens (at least the model's training
 * context up to 4096, so pooled contexts are reused across runs). Never more than the model was trained for
 * unless the caller asks.
 */
export function contextSizeFor(model: LlamaModel, requested: number | null, neededTokens: number, field = 'prompt'): number {
  const trained = model.trainContextSize > 0 ? model.trainContextSize : DEFAULT_MAX;
  const size = requested ?? Math.min(trained, Math.max(Math.min(trained, DEFAULT_MAX), Math.ceil(neededTokens / STEP) * STEP));
  if (neededTokens > size) {
    throw new WorkbenchError(
      'bad_input',
      `The ${field} needs ${neededTokens} tokens but the context holds ${size}${requested === null ? ` (the model was trained on ${trained})` : ''}`,
      { field, tokens: neededTokens, contextSize: size },
      reason('context_too_small', { field, tokens: neededTokens, contextSize: size }),
    );
  }
  return size;
}

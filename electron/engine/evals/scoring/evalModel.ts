import type { EvalContext } from '../prompts/framePrompt.ts';

/** What a benchmark needs of a model; the engine binds it to the playground's score and generate services, tests may script one. */
export interface EvalModel {
  /** log P of each continuation token after the context (null for a token with nothing before it). */
  continuationLogprobs(context: EvalContext, continuation: string, signal: AbortSignal): Promise<(number | null)[]>;
  /** A greedy reply. */
  generate(context: EvalContext, options: { maxTokens: number; stop: string[] }, signal: AbortSignal): Promise<string>;
}

import type { LlamaContextSequence, Token } from 'node-llama-cpp';

/**
 * Keeps the part of the sequence's KV cache that matches `tokens` and erases the rest, so a re-run or a branch
 * only evaluates what changed. Returns the index of the first token that still has to be evaluated; it is never
 * past `mustEvaluateFrom` (positions whose next-token distribution the caller needs) nor the last token.
 */
export async function alignSequence(sequence: LlamaContextSequence, tokens: readonly number[], mustEvaluateFrom = tokens.length - 1): Promise<number> {
  const { firstDifferentIndex } = sequence.compareContextTokens(tokens as Token[]);
  const start = Math.max(0, Math.min(firstDifferentIndex, mustEvaluateFrom, tokens.length - 1));
  if (start < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start, end: sequence.nextTokenIndex }]);
  return start;
}

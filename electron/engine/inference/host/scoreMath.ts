/**
 * Loss is the mean negative log-likelihood per token (nats), perplexity its exponential: a loss of 3 means the
 * model gave the right tokens p ≈ 1/e³ on average. Tokens without a log-probability (nothing before them) are
 * left out.
 */
export function lossOf(logprobs: readonly (number | null)[]): { loss: number | null; perplexity: number | null; scoredTokens: number } {
  const known = logprobs.filter((logprob): logprob is number => logprob !== null);
  if (known.length === 0) return { loss: null, perplexity: null, scoredTokens: 0 };
  const loss = -known.reduce((sum, logprob) => sum + logprob, 0) / known.length;
  return { loss, perplexity: Math.exp(loss), scoredTokens: known.length };
}

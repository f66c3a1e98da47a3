import { expect } from 'vitest';
import type { GeneratedToken } from '../../../electron/shared/contract/generate.ts';

/**
 * What the token inspector shows for each token is the model's distribution: a log-probability ≤ 0, the `top`
 * alternatives sorted most likely first, the chosen token's own number where it is listed, and a positive entropy.
 */
export function expectShownDistribution(tokens: readonly GeneratedToken[], top: number): void {
  for (const token of tokens) {
    expect(token.logprob).toBeLessThanOrEqual(0);
    expect(token.top).toHaveLength(top);
    const logprobs = token.top.map((alternative) => alternative.logprob);
    expect(logprobs).toEqual([...logprobs].sort((a, b) => b - a));
    const listed = token.top.find((alternative) => alternative.id === token.id);
    if (listed) expect(listed.logprob).toBeCloseTo(token.logprob!, 5);
    expect(token.entropy).toBeGreaterThan(0);
  }
}

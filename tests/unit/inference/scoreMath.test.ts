import { describe, expect, it } from 'vitest';
import { lossOf } from '../../../electron/engine/inference/host/scoreMath.ts';

describe('loss and perplexity', () => {
  it('loss is the mean negative log-likelihood; loss 3 means p ≈ 1/e³ on average', () => {
    const result = lossOf([null, -3, -3, -3]);
    expect(result.loss).toBeCloseTo(3, 12);
    expect(result.perplexity).toBeCloseTo(Math.exp(3), 9);
    expect(result.scoredTokens).toBe(3);
    expect(lossOf([Math.log(0.5), Math.log(0.25)]).perplexity).toBeCloseTo(Math.sqrt(8), 12);
  });

  it('has nothing to say about a text with no scored token', () => {
    expect(lossOf([null])).toEqual({ loss: null, perplexity: null, scoredTokens: 0 });
  });
});

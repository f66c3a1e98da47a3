import type { ItemResult } from '../../shared/contract/hallucination.ts';

/**
 * Knowledge probing, the recipe from the lecture notes: ask each question several times and call the model's
 * knowledge "known" when it is right often enough. Unanswerable items (expected: refuse) are never "known":
 * the right reply to them is always a refusal.
 */
export const isKnown = (result: Pick<ItemResult, 'expected' | 'correctFraction'>, threshold: number): boolean =>
  result.expected !== 'refuse' && result.correctFraction >= threshold;

/** The reply declined: graded not attempted, or a correct refusal of an unanswerable item. */
export const declined = (result: Pick<ItemResult, 'expected' | 'verdict'>): boolean =>
  result.verdict === 'not_attempted' || (result.expected === 'refuse' && result.verdict === 'correct');

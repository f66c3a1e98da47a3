import type { ControlledEvaluateIndexOutput, ControlledEvaluateInputItem, Token } from 'node-llama-cpp';
import type { TokenAlternative } from '../../../shared/contract/generate.ts';
import { entropyOf, type Candidate } from './samplerChain.ts';

/**
 * The model's next-token distribution at one position, either complete (every token of the vocabulary) or only
 * its head (the most likely tokens) together with the normalizer, which still gives exact log-probabilities.
 */
export interface NextTokenDistribution {
  /** Most likely first. */
  readonly candidates: readonly Candidate[];
  /** log P(id) = candidate.logit − logZ. */
  readonly logZ: number;
  readonly complete: boolean;
  /** Nats; only known for a complete distribution. */
  readonly entropy: number | null;
}

/** What to ask llama.cpp for at one position: greedy leaves the logits untouched, so they are the model's own. */
export type GenerateNextOptions = NonNullable<Extract<ControlledEvaluateInputItem, readonly unknown[]>[1]['generateNext']>;

/** `also`: tokens whose logits are wanted even outside the head (a forced token, to score it exactly). */
export function distributionRequest(head: number | null, also: readonly number[] = []): GenerateNextOptions {
  return head === null
    ? { probabilities: true, options: { temperature: 0 } }
    : { logits: { filter: { tokens: also as Token[], includeTop: head } }, totalLogitWeight: true, options: { temperature: 0 } };
}

export function readDistribution(output: ControlledEvaluateIndexOutput | undefined, where: string): NextTokenDistribution {
  const next = output?.next;
  if (next?.probabilities) {
    const candidates: Candidate[] = [];
    for (const [id, p] of next.probabilities) candidates.push({ id, logit: Math.log(p) });
    return { candidates, logZ: 0, complete: true, entropy: entropyOf(next.probabilities.values()) };
  }
  if (next?.logits && next.totalLogitWeight !== undefined) {
    const candidates: Candidate[] = [];
    for (const [id, logit] of next.logits) candidates.push({ id, logit });
    const maxLogit = candidates[0]?.logit ?? 0;
    return { candidates, logZ: maxLogit + Math.log(next.totalLogitWeight), complete: false, entropy: null };
  }
  throw new Error(`llama.cpp returned no distribution at ${where}`);
}

export function logprobOf(distribution: NextTokenDistribution, id: number): number | null {
  const candidate = distribution.candidates.find((entry) => entry.id === id);
  return candidate === undefined ? null : candidate.logit - distribution.logZ;
}

export function topAlternatives(distribution: NextTokenDistribution, count: number, describe: (id: number) => string): TokenAlternative[] {
  return distribution.candidates.slice(0, count).map((candidate) => ({
    id: candidate.id,
    text: describe(candidate.id),
    logprob: candidate.logit - distribution.logZ,
  }));
}

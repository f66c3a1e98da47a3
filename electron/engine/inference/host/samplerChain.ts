import type { Sampling, SamplerStageName } from '../../../shared/contract/generate.ts';

/**
 * Our copy of llama.cpp's sampler chain as node-llama-cpp builds it (penalties → top-k → top-p → min-p →
 * temperature → draw), working on the raw distribution the model produced. It runs when a caller needs that raw
 * distribution (log-probabilities, entropy, the sampler view), so the numbers shown are the numbers sampled from.
 */
export interface Candidate {
  readonly id: number;
  /** A logit, or any value that differs from the logit by the same constant for every token (e.g. ln p). */
  readonly logit: number;
}

export interface StageOutcome {
  readonly stage: SamplerStageName;
  /** Tokens still possible after this stage, most likely first. */
  readonly candidates: readonly Candidate[];
}

export type SamplerSettings = Pick<
  Sampling,
  'temperature' | 'topK' | 'topP' | 'minP' | 'repeatPenalty' | 'presencePenalty' | 'frequencyPenalty' | 'penaltyLastN'
>;

const byLogitDescending = (a: Candidate, b: Candidate): number => b.logit - a.logit;

export function penaltiesActive(settings: SamplerSettings): boolean {
  return settings.penaltyLastN > 0 && (settings.repeatPenalty !== 1 || settings.presencePenalty !== 0 || settings.frequencyPenalty !== 0);
}

/**
 * llama.cpp's penalties: a seen token's positive logit is divided by the repeat penalty (a negative one
 * multiplied), then frequency × count and presence are subtracted.
 */
export function applyPenalties(candidates: readonly Candidate[], settings: SamplerSettings, recentTokens: readonly number[]): Candidate[] {
  if (!penaltiesActive(settings)) return [...candidates];
  const counts = new Map<number, number>();
  for (const token of recentTokens.slice(-settings.penaltyLastN)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return candidates
    .map((candidate) => {
      const count = counts.get(candidate.id);
      if (count === undefined) return candidate;
      let logit = candidate.logit <= 0 ? candidate.logit * settings.repeatPenalty : candidate.logit / settings.repeatPenalty;
      logit -= count * settings.frequencyPenalty + settings.presencePenalty;
      return { id: candidate.id, logit };
    })
    .sort(byLogitDescending);
}

export function applyTopK(sorted: readonly Candidate[], topK: number): Candidate[] {
  return topK <= 0 || topK >= sorted.length ? [...sorted] : sorted.slice(0, Math.max(1, topK));
}

/** Keeps the smallest head whose probability reaches p (the token that crosses p stays). */
export function applyTopP(sorted: readonly Candidate[], topP: number): Candidate[] {
  if (topP >= 1 || sorted.length === 0) return [...sorted];
  const probabilities = softmax(sorted);
  let cumulative = 0;
  for (let index = 0; index < probabilities.length; index++) {
    cumulative += probabilities[index] ?? 0;
    if (cumulative >= topP) return sorted.slice(0, index + 1);
  }
  return [...sorted];
}

/** Keeps tokens at least minP times as likely as the most likely one. */
export function applyMinP(sorted: readonly Candidate[], minP: number): Candidate[] {
  const best = sorted[0];
  if (minP <= 0 || best === undefined) return [...sorted];
  const threshold = best.logit + Math.log(minP);
  const kept = sorted.filter((candidate) => candidate.logit >= threshold);
  return kept.length > 0 ? kept : [best];
}

export function applyTemperature(sorted: readonly Candidate[], temperature: number): Candidate[] {
  const best = sorted[0];
  if (best === undefined) return [];
  if (temperature <= 0) return [best];
  return sorted.map((candidate) => ({ id: candidate.id, logit: candidate.logit / temperature }));
}

/**
 * Every stage in the order llama.cpp applies them. With temperature 0 llama.cpp goes straight to greedy, so the
 * truncation stages then keep everything and the temperature stage keeps the single best token.
 */
export function runSamplerStages(modelCandidates: readonly Candidate[], settings: SamplerSettings, recentTokens: readonly number[]): StageOutcome[] {
  const model = [...modelCandidates].sort(byLogitDescending);
  const penalized = applyPenalties(model, settings, recentTokens);
  const greedy = settings.temperature <= 0;
  const topK = greedy ? penalized : applyTopK(penalized, settings.topK);
  const topP = greedy ? topK : applyTopP(topK, settings.topP);
  const minP = greedy ? topP : applyMinP(topP, settings.minP);
  return [
    { stage: 'model', candidates: model },
    { stage: 'penalties', candidates: penalized },
    { stage: 'topK', candidates: topK },
    { stage: 'topP', candidates: topP },
    { stage: 'minP', candidates: minP },
    { stage: 'temperature', candidates: applyTemperature(minP, settings.temperature) },
  ];
}

/** Draws one token from the final stage with a uniform number in [0, 1). */
export function drawToken(finalCandidates: readonly Candidate[], uniform: number): number {
  const first = finalCandidates[0];
  if (first === undefined) throw new Error('No token left to sample: every candidate was filtered out');
  const probabilities = softmax(finalCandidates);
  let cumulative = 0;
  for (let index = 0; index < probabilities.length; index++) {
    cumulative += probabilities[index] ?? 0;
    if (uniform < cumulative) return finalCandidates[index]?.id ?? first.id;
  }
  // Rounding can leave the cumulative sum a hair under 1.
  return finalCandidates[finalCandidates.length - 1]?.id ?? first.id;
}

export function softmax(candidates: readonly Candidate[]): number[] {
  if (candidates.length === 0) return [];
  let max = -Infinity;
  for (const candidate of candidates) if (candidate.logit > max) max = candidate.logit;
  if (max === -Infinity) return candidates.map(() => 1 / candidates.length);
  const weights = candidates.map((candidate) => Math.exp(candidate.logit - max));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

/** Entropy in nats of a distribution given as probabilities. */
export function entropyOf(probabilities: Iterable<number>): number {
  let entropy = 0;
  for (const p of probabilities) if (p > 0) entropy -= p * Math.log(p);
  return entropy;
}

/**
 * How many of the model's most likely tokens the chain can ever need, so the host can ask llama.cpp for only
 * those: top-k bounds it, but penalties can lower up to penaltyLastN tokens and promote ones below the cut.
 * Null means the whole vocabulary (no top-k and a sampling temperature).
 */
export function candidatesNeeded(settings: SamplerSettings, alternatives: number): number | null {
  if (settings.temperature <= 0) return Math.max(alternatives, 1) + (penaltiesActive(settings) ? settings.penaltyLastN : 0);
  if (settings.topK <= 0) return null;
  return Math.max(alternatives, settings.topK) + (penaltiesActive(settings) ? settings.penaltyLastN : 0);
}

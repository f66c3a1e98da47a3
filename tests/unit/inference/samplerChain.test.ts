import { describe, expect, it } from 'vitest';
import { samplingSchema } from '../../../electron/shared/contract/generate.ts';
import {
  applyMinP,
  applyPenalties,
  applyTopK,
  applyTopP,
  candidatesNeeded,
  drawToken,
  entropyOf,
  runSamplerStages,
  softmax,
  type Candidate,
} from '../../../electron/engine/inference/host/samplerChain.ts';
import { SeededRandom } from '../../../electron/engine/random/seededRandom.ts';

/** Logits chosen so the probabilities are easy to reason about: p ∝ 8, 4, 2, 1, 1. */
const candidates: Candidate[] = [
  { id: 10, logit: Math.log(8) },
  { id: 11, logit: Math.log(4) },
  { id: 12, logit: Math.log(2) },
  { id: 13, logit: Math.log(1) },
  { id: 14, logit: Math.log(1) },
];
const settings = (overrides: Partial<ReturnType<typeof samplingSchema.parse>> = {}) => ({ ...samplingSchema.parse({}), ...overrides });

describe('sampler chain (llama.cpp order: penalties → top-k → top-p → min-p → temperature)', () => {
  it('softmax and entropy', () => {
    expect(softmax(candidates).map((p) => p * 16)).toEqual([8, 4, 2, 1, 1].map((value) => expect.closeTo(value, 10)));
    expect(entropyOf([0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    expect(entropyOf([1, 0])).toBe(0);
  });

  it('top-k keeps the k best, top-p the smallest head reaching p, min-p tokens at least minP × the best', () => {
    expect(applyTopK(candidates, 2).map((c) => c.id)).toEqual([10, 11]);
    expect(applyTopK(candidates, 0)).toHaveLength(5);
    // 8/16 = 0.5 < 0.6, 12/16 = 0.75 ≥ 0.6: the token that crosses p stays.
    expect(applyTopP(candidates, 0.6).map((c) => c.id)).toEqual([10, 11]);
    expect(applyTopP(candidates, 0.5).map((c) => c.id)).toEqual([10]);
    expect(applyTopP(candidates, 1)).toHaveLength(5);
    // min-p 0.25: tokens with p ≥ 0.25 × 8/16 → weights ≥ 2.
    expect(applyMinP(candidates, 0.25).map((c) => c.id)).toEqual([10, 11, 12]);
  });

  it('penalties divide positive logits, multiply negative ones, and subtract presence and frequency', () => {
    const logits: Candidate[] = [
      { id: 1, logit: 2 },
      { id: 2, logit: -1 },
      { id: 3, logit: 1.5 },
    ];
    const penalized = applyPenalties(logits, settings({ repeatPenalty: 2, presencePenalty: 0.1, frequencyPenalty: 0.2 }), [1, 1, 2]);
    const byId = new Map(penalized.map((c) => [c.id, c.logit]));
    expect(byId.get(1)).toBeCloseTo(2 / 2 - 2 * 0.2 - 0.1, 12);
    expect(byId.get(2)).toBeCloseTo(-1 * 2 - 1 * 0.2 - 0.1, 12);
    expect(byId.get(3)).toBe(1.5);
    expect(penalized.map((c) => c.id)).toEqual([3, 1, 2]);
  });

  it('reports every stage, and temperature sharpens or flattens only the survivors', () => {
    const stages = runSamplerStages(candidates, settings({ temperature: 0.5, topK: 3, topP: 1, minP: 0 }), []);
    expect(stages.map((stage) => stage.stage)).toEqual(['model', 'penalties', 'topK', 'topP', 'minP', 'temperature']);
    expect(stages.map((stage) => stage.candidates.length)).toEqual([5, 5, 3, 3, 3, 3]);
    const sharpened = softmax(stages[5]!.candidates);
    // p ∝ w^(1/T) = 64, 16, 4 → 64/84
    expect(sharpened[0]).toBeCloseTo(64 / 84, 12);
    const flattened = softmax(runSamplerStages(candidates, settings({ temperature: 2, topK: 0, topP: 1, minP: 0 }), [])[5]!.candidates);
    expect(entropyOf(flattened)).toBeGreaterThan(entropyOf(softmax(candidates)));
  });

  it('temperature 0 is greedy, like llama.cpp: one candidate, whatever top-k says', () => {
    const stages = runSamplerStages(candidates, settings({ temperature: 0, topK: 3 }), []);
    expect(stages[5]!.candidates.map((c) => c.id)).toEqual([10]);
    expect(drawToken(stages[5]!.candidates, 0.999)).toBe(10);
  });

  it('draws in proportion to probability and reproduces with the same seed', () => {
    const counts = new Map<number, number>();
    const random = new SeededRandom(42, 'test');
    for (let i = 0; i < 16_000; i++) {
      const id = drawToken(candidates, random.nextFloat());
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect((counts.get(10) ?? 0) / 16_000).toBeCloseTo(0.5, 1);
    expect((counts.get(13) ?? 0) / 16_000).toBeCloseTo(1 / 16, 1);
    const draws = (seed: number) => {
      const rng = new SeededRandom(seed, 'test');
      return Array.from({ length: 20 }, () => drawToken(candidates, rng.nextFloat()));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('knows how many of the model\'s best tokens the chain can need', () => {
    expect(candidatesNeeded(settings({ topK: 40 }), 5)).toBe(40);
    expect(candidatesNeeded(settings({ topK: 10 }), 20)).toBe(20);
    expect(candidatesNeeded(settings({ topK: 0 }), 5)).toBeNull();
    expect(candidatesNeeded(settings({ temperature: 0 }), 0)).toBe(1);
    expect(candidatesNeeded(settings({ topK: 40, repeatPenalty: 1.1, penaltyLastN: 64 }), 5)).toBe(104);
  });
});

import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { grpoPromptOf, splitWorldForAlignment } from '../../../electron/engine/rl/alignment/alignmentSplit.ts';
import { dpoPairTexts } from '../../../electron/engine/rl/alignment/alignmentMethods.ts';
import { diversity } from '../../../electron/engine/rl/alignment/measureAlignment.ts';

const world = generateWorld({ people: 40, seed: 21 });

describe('alignment comparison: split', () => {
  const split = splitWorldForAlignment(world.qa, 0, 'qa.jsonl');
  const trained = new Set(split.train.map((item) => item.question));

  it('keeps every probe question out of the training prompts', () => {
    for (const item of [...split.probeKnown, ...split.probeNonexistent]) expect(trained.has(item.question)).toBe(false);
  });

  it('probes nonexistent people the training never names, and known people the training does', () => {
    const trainPeople = new Set(split.train.map((item) => item.personId));
    for (const item of split.probeNonexistent) expect(trainPeople.has(item.personId)).toBe(false);
    for (const item of split.probeKnown) expect(trainPeople.has(item.personId)).toBe(true);
    expect(split.people).toEqual({ trainKnown: 20, trainNonexistent: 6, probeKnown: 20, probeNonexistent: 4 });
    expect(split.probeKnown).toHaveLength(80); // a third of 20 people × 12 questions
    expect(split.probeNonexistent).toHaveLength(48);
    expect(split.train).toHaveLength(160 + 72);
    // every kind of fact is probed
    expect(new Set(split.probeKnown.map((item) => item.fact)).size).toBe(6);
  });

  it('caps the probe spread over people', () => {
    const capped = splitWorldForAlignment(world.qa, 8, 'qa.jsonl');
    expect(capped.probeNonexistent).toHaveLength(8);
    expect(new Set(capped.probeNonexistent.map((item) => item.personId)).size).toBe(4);
    expect(new Set(capped.probeKnown.map((item) => item.personId)).size).toBe(8);
  });

  it('gives GRPO the fact or a refusal mark, and DPO a refusal over an invented fact', () => {
    const known = split.train.find((item) => item.group === 'known')!;
    const nobody = split.train.find((item) => item.group === 'nonexistent')!;
    expect(grpoPromptOf(known)).toEqual({ prompt: known.question, answer: known.expected });
    expect(grpoPromptOf(nobody)).toEqual({ prompt: nobody.question, refuse: true });
    const pairs = dpoPairTexts(split.train);
    const invented = pairs[split.train.indexOf(nobody)]!;
    expect(invented.chosen).toBe(nobody.language === 'en' ? "I don't know." : '我不知道。');
    // the rejected reply is a real fact of the same kind about someone who exists
    expect(split.train.some((item) => item.expected === invented.rejected && item.fact === nobody.fact)).toBe(true);
    expect(pairs[split.train.indexOf(known)]).toMatchObject({ chosen: known.expected, rejected: "I don't know." });
  });
});

describe('alignment comparison: diversity', () => {
  const text = (tokens: Int32Array) => [...tokens].join(',');
  it('is 1 distinct reply per sample when all differ, 1/n when all agree', () => {
    const all = [Int32Array.from([1, 2, 3]), Int32Array.from([1, 2, 3]), Int32Array.from([1, 2, 3])];
    expect(diversity([all], text)).toEqual({ distinctReplies: 1 / 3, distinct2: 2 / 6 });
    const differ = [Int32Array.from([1, 2]), Int32Array.from([3, 4]), Int32Array.from([5, 6])];
    expect(diversity([differ], text)).toEqual({ distinctReplies: 1, distinct2: 1 });
    expect(diversity([all, differ], text).distinctReplies).toBeCloseTo((1 / 3 + 1) / 2, 12);
  });
});

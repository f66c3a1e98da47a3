import { describe, expect, it } from 'vitest';
import { refusalShareOf, runItem } from '../../../electron/engine/hallucination/runItem.ts';
import { runSettingsSchema, type SuiteItem } from '../../../electron/shared/contract/hallucination.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { scriptedModel } from './scriptedModel.ts';
import { decimalsEn, item, orsonKovacs } from './suiteItems.ts';

const settings = (overrides: Record<string, unknown> = {}) => runSettingsSchema.parse({ refusalProbability: false, multipleChoice: false, ...overrides });
const signal = new AbortController().signal;

describe('runItem', () => {
  it('self-consistency: N samples with seeds seed..seed+N-1, majority verdict, agreement and correct fraction', async () => {
    const replies = ['9.9 is bigger.', '9.11 is bigger.', '9.9 is larger.', 'The answer: 9.9 > 9.11', 'Hmm, 9.11 is larger.'];
    const model = scriptedModel((_prompt, options) => replies[options.seed - 100]!);
    const result = await runItem(decimalsEn, model, settings({ samples: 5, seed: 100 }), signal);
    expect(model.calls.map((call) => (call.extra as { seed: number }).seed)).toEqual([100, 101, 102, 103, 104]);
    // Several samples default to temperature 0.8, one sample to greedy.
    expect((model.calls[0]!.extra as { temperature: number }).temperature).toBe(0.8);
    expect(result.verdict).toBe('correct');
    expect(result.correctFraction).toBeCloseTo(0.6);
    expect(result.agreement).toBeCloseTo(0.6);
    expect(result.samples.map((sample) => sample.verdict)).toEqual(['correct', 'incorrect', 'correct', 'correct', 'incorrect']);
    expect(result.why).toMatch(/^Majority of 5 samples \(2 incorrect, 0 not attempted, 3 correct/);
    expect(result.output).toBe('9.9 is bigger.');
  });

  it('a tie counts as the worse verdict, and different inventions do not agree', async () => {
    const inventions = ['Orson Kovacs is a painter.', 'Orson Kovacs is a Hungarian chess player.', "I don't know who that is.", 'I have no information about him.'];
    const model = scriptedModel((_prompt, options) => inventions[options.seed]!);
    const result = await runItem(orsonKovacs, model, settings({ samples: 4, seed: 0 }), signal);
    expect(result.verdict).toBe('incorrect');
    expect(result.correctFraction).toBe(0.5);
    expect(result.agreement).toBe(0.5); // the two refusals agree; the two inventions differ
  });

  it('probability of "I don\'t know" against the reference answer', async () => {
    const model = scriptedModel(
      () => '9.9 is bigger.',
      (_prompt, continuation) => (continuation === "I don't know." ? -2 : continuation.startsWith("I'm") ? -5 : continuation === '9.9 is bigger' ? -4 : -50),
    );
    const result = await runItem(decimalsEn, model, settings({ refusalProbability: true }), signal);
    expect(result.refusal).toEqual({ refusalLogProb: -2, answerLogProb: -4, refusalShare: refusalShareOf(-2, -4) });
    expect(result.refusal!.refusalShare).toBeCloseTo(1 / (1 + Math.exp(-2)));
    // Unanswerable items have no answer to weigh against.
    const refuse = await runItem(orsonKovacs, model, settings({ refusalProbability: true }), signal);
    expect(refuse.refusal).toEqual({ refusalLogProb: -2, answerLogProb: null, refusalShare: null });
  });

  it('multiple choice by log-likelihood, raw and per byte', async () => {
    const mc: SuiteItem = item({ prompt: 'Capital of Australia?', expected: 'answer', references: [{ answer: 'Canberra' }], choices: ['Sydney', 'Canberra and its surroundings'], correctChoice: 1 });
    const model = scriptedModel(() => 'Canberra', (_prompt, continuation) => (continuation === 'Sydney' ? -6 : -12));
    const result = await runItem(mc, model, settings({ multipleChoice: true }), signal);
    // Summed log-probability prefers the short option; per byte (-6/6 vs -12/29) the long one wins.
    expect(result.multipleChoice).toEqual({ choices: mc.choices, logProbs: [-6, -12], chosen: 0, chosenNormalized: 1, correctChoice: 1 });
  });

  it('context re-run puts the passage in the prompt and grades the new reply', async () => {
    const withPassage = item({ prompt: decimalsEn.prompt, expected: 'answer', references: decimalsEn.references, incorrect: decimalsEn.incorrect, passage: '9.9 = 9.90 and 9.90 > 9.11.' });
    const model = scriptedModel((prompt) => (prompt.includes('Reference: 9.9 = 9.90') ? '9.9 is bigger.' : '9.11 is bigger.'));
    const result = await runItem(withPassage, model, settings({ contextRerun: true }), signal);
    expect(result.verdict).toBe('incorrect');
    expect(result.context).toMatchObject({ verdict: 'correct', output: '9.9 is bigger.' });
    const noPassage = await runItem(decimalsEn, model, settings({ contextRerun: true }), signal);
    expect(noPassage.context).toBeNull();
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const model = scriptedModel(() => {
      controller.abort();
      return 'x';
    });
    await expect(runItem(decimalsEn, model, settings({ samples: 3 }), controller.signal)).rejects.toBeInstanceOf(WorkbenchError);
    expect(model.calls).toHaveLength(1);
  });
});

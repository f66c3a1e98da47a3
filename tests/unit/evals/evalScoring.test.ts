import { describe, expect, it } from 'vitest';
import type { EvalItem, EvalNumberItem } from '../../../electron/shared/contract/evals.ts';
import { characterLength, pickChoices } from '../../../electron/engine/evals/scoring/choiceMetrics.ts';
import type { EvalModel } from '../../../electron/engine/evals/scoring/evalModel.ts';
import { scoreItem } from '../../../electron/engine/evals/scoring/scoreItem.ts';
import { summarizeResults } from '../../../electron/engine/evals/scoring/summarizeResults.ts';
import { wilsonInterval } from '../../../electron/engine/evals/scoring/wilsonInterval.ts';
import { fewShotExamples } from '../../../electron/engine/evals/prompts/fewShot.ts';
import { frameContext, type EvalContext } from '../../../electron/engine/evals/prompts/framePrompt.ts';

const signal = new AbortController().signal;

/** A scripted model: each continuation's per-token log-probs come from a table; it records what it was asked. */
function scriptedModel(logprobs: Record<string, number[]>, reply = ''): EvalModel & { seen: { context: EvalContext; continuation: string }[] } {
  const seen: { context: EvalContext; continuation: string }[] = [];
  return {
    seen,
    continuationLogprobs: (context, continuation) => {
      seen.push({ context, continuation });
      const entry = logprobs[continuation];
      if (!entry) throw new Error(`unexpected continuation ${JSON.stringify(continuation)}`);
      return Promise.resolve(entry);
    },
    generate: () => Promise.resolve(reply),
  };
}

describe('acc and acc_norm as lm-evaluation-harness computes them', () => {
  it('acc takes the highest total log P; acc_norm divides by the characters of the choice', () => {
    // Short "Paris" has the higher total, the long choice the higher log P per character.
    const picks = pickChoices(['Paris', 'the city of Rome in Italy'], [-6, -10]);
    expect(picks.chosen).toBe(0);
    expect(picks.chosenNorm).toBe(1); // -6/5 = -1.2 < -10/25 = -0.4
  });

  it('characters are code points (Python len), bytes are UTF-8 (acc_bytes)', () => {
    expect(characterLength('北京')).toBe(2);
    expect(characterLength('😀a')).toBe(2);
    // -3/2 vs -2/2 by characters; -3/6 vs -2/2 by bytes.
    expect(pickChoices(['北京', 'ab'], [-3, -2])).toEqual({ chosen: 1, chosenNorm: 1, chosenBytes: 0 });
  });

  it('ties keep the first choice, like np.argmax', () => {
    expect(pickChoices(['a', 'b', 'c'], [-1, -1, -2])).toEqual({ chosen: 0, chosenNorm: 0, chosenBytes: 0 });
  });

  it('scores each choice after the same context with lm-eval\'s " " delimiter and records where acc and acc_norm part', async () => {
    const item: EvalItem = { id: 'q', kind: 'choice', question: 'Capital of Italy?', choices: ['Paris', 'the city of Rome in Italy'], answer: 1 };
    const model = scriptedModel({ ' Paris': [-2, -4], ' the city of Rome in Italy': [-1, -2, -3, -4] });
    const result = await scoreItem(model, item, { frame: 'qa', shots: [], maxTokens: 8 }, signal);
    expect(model.seen.map((entry) => entry.context)).toEqual([
      { mode: 'raw', prefix: 'Question: Capital of Italy?\nAnswer:' },
      { mode: 'raw', prefix: 'Question: Capital of Italy?\nAnswer:' },
    ]);
    expect(result).toMatchObject({ kind: 'choice', chosen: 0, chosenNorm: 1, correct: false, correctNorm: true, choices: [{ logprob: -6, tokens: 2 }, { logprob: -10, tokens: 4 }] });
    const summary = summarizeResults([result], 0.5);
    expect(summary).toMatchObject({ items: 1, correct: 0, accuracy: 0, accNorm: 1 });
  });

  it('chat frame: the choice is the reply, no delimiter, examples as earlier turns', async () => {
    const shot: EvalItem = { id: 's', kind: 'choice', question: 'Q1', choices: ['x', 'y'], answer: 1 };
    const item: EvalItem = { id: 'q', kind: 'choice', question: 'Q2', choices: ['a', 'b'], answer: 0 };
    const model = scriptedModel({ a: [-1], b: [-2] });
    await scoreItem(model, item, { frame: 'chat', shots: [shot], maxTokens: 8 }, signal);
    expect(model.seen[0]).toEqual({
      context: { mode: 'chat', messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'y' }, { role: 'user', content: 'Q2' }] },
      continuation: 'a',
    });
  });
});

describe('generation items', () => {
  it('extracts the final number of a greedy reply and compares it exactly', async () => {
    const item: EvalItem = { id: 'g', kind: 'number', question: 'Tom has 3 apples and buys 4. How many?', answer: '7', solution: null };
    const right = await scoreItem(scriptedModel({}, ' 3 + 4 = 7. The answer is 7.'), item, { frame: 'qa', shots: [], maxTokens: 32 }, signal);
    expect(right).toMatchObject({ kind: 'number', extracted: '7', correct: true });
    const wrong = await scoreItem(scriptedModel({}, ' He has 34 now.'), item, { frame: 'qa', shots: [], maxTokens: 32 }, signal);
    expect(wrong).toMatchObject({ extracted: '34', correct: false });
  });
});

describe('few-shot examples', () => {
  const items: EvalNumberItem[] = Array.from({ length: 10 }, (_, index) => ({ id: `i${index}`, kind: 'number', question: `q${index}`, answer: String(index), solution: null }));

  it('are drawn from the task without the item, repeatably, different per item', () => {
    const first = fewShotExamples(items, items[3]!, 4, 1234, 'T');
    expect(first).toHaveLength(4);
    expect(first.map((item) => item.id)).not.toContain('i3');
    expect(new Set(first.map((item) => item.id)).size).toBe(4);
    expect(fewShotExamples(items, items[3]!, 4, 1234, 'T')).toEqual(first);
    expect(fewShotExamples(items, items[3]!, 4, 99, 'T')).not.toEqual(first);
    expect(fewShotExamples(items, items[3]!, 50, 1, 'T')).toHaveLength(9);
  });

  it('are written before the question in the qa frame, separated by blank lines', () => {
    const context = frameContext('qa', items[0]!, [items[1]!, { ...items[2]!, solution: '1 + 1 = 2\n#### 2' }]);
    expect(context).toEqual({ mode: 'raw', prefix: 'Question: q1\nAnswer: 1\n\nQuestion: q2\nAnswer: 1 + 1 = 2\n#### 2\n\nQuestion: q0\nAnswer:' });
  });
});

describe('Wilson 95 % interval', () => {
  it('matches the closed form and stays inside [0, 1]', () => {
    const [low, high] = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 20)[0]).toBe(0);
    expect(wilsonInterval(0, 20)[1]).toBeCloseTo(0.1611, 4);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

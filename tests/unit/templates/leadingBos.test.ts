import { describe, expect, it } from 'vitest';
import { leadingBosOf, leadingBosOfModel, trainingRenderWithBos, withLeadingBos } from '../../../electron/engine/templates/leadingBos.ts';
import type { TrainingRender } from '../../../electron/engine/templates/trainingRender.ts';

/** A vocabulary whose tokenize puts BOS (id 1) in front when asked only if the model wants one, as llama.cpp does. */
const vocabulary = (addsBos: boolean, bosToken: number | null = 1) => ({
  tokenize: (text: string, options: { addBos: boolean }) => [...(options.addBos && addsBos && bosToken !== null ? [bosToken] : []), ...[...text].map((c) => c.codePointAt(0)!)],
  bosToken,
});

describe('the leading BOS rule', () => {
  it("reads the model's add_bos_token from tokenizing '' with BOS asked for", () => {
    expect(leadingBosOf(vocabulary(true))).toBe(1);
    expect(leadingBosOf(vocabulary(false))).toBeNull();
    expect(leadingBosOf(vocabulary(true, null))).toBeNull();
    expect(leadingBosOfModel({ tokens: { bos: 1, shouldPrependBosToken: true } })).toBe(1);
    expect(leadingBosOfModel({ tokens: { bos: 1, shouldPrependBosToken: false } })).toBeNull();
  });

  it('prepends BOS once: never when the text already starts with it, never when the model wants none', () => {
    expect(withLeadingBos([5, 6], 1)).toEqual([1, 5, 6]);
    expect(withLeadingBos([1, 5, 6], 1)).toEqual([1, 5, 6]);
    expect(withLeadingBos([5, 6], null)).toEqual([5, 6]);
    expect(withLeadingBos([], 1)).toEqual([1]);
  });

  it('puts an untrained BOS over no text in front of a training render, every segment one token later', () => {
    const render: TrainingRender = {
      text: 'ab',
      messages: [],
      segments: [
        { start: 0, end: 1, weight: 0, messageIndex: 0, tokenStart: 0, tokenEnd: 1 },
        { start: 1, end: 2, weight: 1, messageIndex: 1, tokenStart: 1, tokenEnd: 2 },
      ],
      tokens: [97, 98],
      mask: [0, 1],
      trainedTokens: 1,
      warnings: [],
    };
    const withBos = trainingRenderWithBos(render, 1);
    expect(withBos.tokens).toEqual([1, 97, 98]);
    expect(withBos.mask).toEqual([0, 0, 1]);
    expect(withBos.trainedTokens).toBe(1);
    expect(withBos.segments.map((segment) => [segment.start, segment.end, segment.tokenStart, segment.tokenEnd, segment.weight])).toEqual([
      [0, 0, 0, 1, 0],
      [0, 1, 1, 2, 0],
      [1, 2, 2, 3, 1],
    ]);
    expect(trainingRenderWithBos(withBos, 1)).toBe(withBos);
    expect(trainingRenderWithBos(render, null)).toBe(render);
  });
});

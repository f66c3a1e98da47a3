import { describe, expect, it } from 'vitest';
import { chatmlTemplate } from '../../../electron/engine/gguf/chatmlTemplate.ts';
import { ExampleTokenizer } from '../../../electron/engine/training/run/tokenizeExamples.ts';
import type { TokenVocabulary } from '../../../electron/engine/training/run/tokenVocabulary.ts';
import { truncatePair, truncateSft } from '../../../electron/engine/training/run/truncateSequences.ts';

/** prompt tokens 1..p (mask 0), answer tokens 101.. (mask 1) */
const sequence = (prompt: number, answer: number) => ({
  tokens: Int32Array.from([...Array.from({ length: prompt }, (_, i) => i + 1), ...Array.from({ length: answer }, (_, i) => 101 + i)]),
  trainMask: Uint8Array.from([...Array<number>(prompt).fill(0), ...Array<number>(answer).fill(1)]),
});

describe('truncating long rows', () => {
  it('SFT keeps the whole answer and the end of the prompt when the answer fits', () => {
    const cut = truncateSft(sequence(30, 5), 16);
    expect([...cut.tokens]).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104, 105]);
    expect([...cut.trainMask].filter(Boolean)).toHaveLength(5);
  });

  it('SFT keeps a quarter of the context of prompt before a long answer, and the answer start', () => {
    const cut = truncateSft(sequence(30, 40), 16);
    expect([...cut.tokens]).toEqual([27, 28, 29, 30, ...Array.from({ length: 12 }, (_, i) => 101 + i)]);
  });

  it('leaves rows that fit alone', () => {
    const row = sequence(3, 3);
    expect(truncateSft(row, 16)).toBe(row);
  });

  it('DPO shortens the shared prompt first, then the answers, the same on both sides', () => {
    const { chosen, rejected } = truncatePair(sequence(30, 4), sequence(30, 6), 16);
    expect([...chosen.tokens]).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104]);
    expect([...rejected.tokens]).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104, 105, 106]);
    const long = truncatePair(sequence(30, 40), sequence(30, 20), 16);
    expect(long.chosen.tokens.length).toBe(16);
    expect([...long.chosen.tokens.slice(0, 8)]).toEqual([23, 24, 25, 26, 27, 28, 29, 30]);
    expect([...long.rejected.tokens.slice(0, 8)]).toEqual([23, 24, 25, 26, 27, 28, 29, 30]);
  });

  it('keeps a leading BOS in front of a cut row, untrained, and cuts what follows it (token 1 is BOS here)', () => {
    const cut = truncateSft(sequence(30, 5), 16, 1);
    expect([...cut.tokens]).toEqual([1, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104, 105]);
    expect(cut.trainMask[0]).toBe(0);
    const { chosen, rejected } = truncatePair(sequence(30, 4), sequence(30, 6), 16, 1);
    expect([...chosen.tokens]).toEqual([1, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104]);
    expect([...rejected.tokens]).toEqual([1, 22, 23, 24, 25, 26, 27, 28, 29, 30, 101, 102, 103, 104, 105, 106]);
    // a row that does not start with BOS is cut as before
    expect([...truncateSft(sequence(30, 5), 16, 99).tokens]).toEqual([...truncateSft(sequence(30, 5), 16).tokens]);
  });

  it('a long ChatML row for a model that asks for BOS still starts with it after the cut', () => {
    // One token per character; id 1 is BOS, which the vocabulary puts in front of '' when asked (add_bos_token).
    const vocabulary: TokenVocabulary = {
      tokenize: (text, options) => Int32Array.from([...(options?.addBos ? [1] : []), ...[...text].map((character) => character.codePointAt(0) as number)]),
      detokenize: (tokens) => String.fromCodePoint(...tokens),
      bosToken: 1,
      eosToken: null,
    };
    const tokenizer = new ExampleTokenizer(vocabulary, chatmlTemplate, 48, 'truncate');
    const messages = [
      { role: 'user' as const, content: 'a question far longer than the context of this tiny model' },
      { role: 'assistant' as const, content: 'Short.' },
    ];
    const whole = tokenizer.conversation(messages);
    expect(whole.tokens[0]).toBe(1);
    const set = tokenizer.tokenizeAll([{ rowId: 1, kind: 'conversation', messages }], 'train');
    expect(set.truncated).toBe(1);
    const [row] = set.sequences;
    expect(row!.tokens).toHaveLength(48);
    expect(row!.tokens[0]).toBe(1);
    expect(row!.trainMask[0]).toBe(0);
    expect(String.fromCodePoint(...row!.tokens.slice(1))).toMatch(/<\|im_start\|>assistant\nShort\.<\|im_end\|>\n$/);
  });
});

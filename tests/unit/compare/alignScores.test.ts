import { describe, expect, it } from 'vitest';
import { alignScores, type AlignedToken } from '../../../electron/engine/compare/alignScores.ts';

const utf8 = new TextEncoder();
const token = (id: number, text: string | number[], logprob: number | null): AlignedToken => ({
  id,
  bytes: typeof text === 'string' ? utf8.encode(text) : Uint8Array.from(text),
  logprob,
});

describe('aligning one text scored under several tokenizers', () => {
  it('keeps one segment per token when every contender tokenized alike', () => {
    const base = [token(5, ' The', -1), token(6, ' cat', -2), token(7, ' sat', -3)];
    const tuned = [token(5, ' The', -0.5), token(6, ' cat', -2.5), token(7, ' sat', -1)];
    const { alignment, segments } = alignScores([base, tuned], 0);
    expect(alignment).toBe('tokens');
    expect(segments.map((segment) => segment.text)).toEqual([' The', ' cat', ' sat']);
    expect(segments.map((segment) => segment.logprobs)).toEqual([
      [-1, -0.5],
      [-2, -2.5],
      [-3, -1],
    ]);
    expect(segments.every((segment) => segment.tokenCounts.every((count) => count === 1))).toBe(true);
  });

  it('sums log-probabilities over the boundaries both tokenizations share', () => {
    // "unhappy day": A = un|happy| day, B = unh|appy| d|ay → shared boundaries after "unhappy" and at the end.
    const a = [token(1, 'un', -1), token(2, 'happy', -2), token(3, ' day', -0.5)];
    const b = [token(9, 'unh', -3), token(8, 'appy', -0.25), token(7, ' d', -1), token(6, 'ay', -0.125)];
    const { alignment, segments } = alignScores([a, b], 0);
    expect(alignment).toBe('bytes');
    expect(segments).toEqual([
      { text: 'unhappy', logprobs: [-3, -3.25], tokenCounts: [2, 2] },
      { text: ' day', logprobs: [-0.5, -1.125], tokenCounts: [1, 2] },
    ]);
    // Either column may be the baseline: the segments are the same pieces of text.
    expect(alignScores([a, b], 1).segments.map((segment) => segment.text)).toEqual(['unhappy', ' day']);
  });

  it('aligns from the end, so a SentencePiece word-start space on one side does not break every boundary', () => {
    const spm = [token(1, ' Hello', -1), token(2, ' world', -2)];
    const bpe = [token(3, 'Hello', -1.5), token(4, ' world', -1)];
    const { segments } = alignScores([spm, bpe], 1);
    expect(segments.map((segment) => segment.text)).toEqual(['Hello', ' world']);
    expect(segments.map((segment) => segment.logprobs)).toEqual([
      [-1, -1.5],
      [-2, -1],
    ]);
  });

  it('never cuts a UTF-8 character: byte tokens of one character form one segment', () => {
    // 韬 = e9 9f ac as three byte tokens in both, then 你 as one token.
    const bytes = [token(1, [0xe9], -1), token(2, [0x9f], -0.5), token(3, [0xac], -0.25), token(4, '你', -2)];
    const same = bytes.map((entry) => ({ ...entry, logprob: entry.logprob! * 2 }));
    const { alignment, segments } = alignScores([bytes, same], 0);
    expect(alignment).toBe('tokens');
    expect(segments.map((segment) => segment.text)).toEqual(['韬', '你']);
    expect(segments[0]).toEqual({ text: '韬', logprobs: [-1.75, -3.5], tokenCounts: [3, 3] });
  });

  it('leaves failed columns and unscored first tokens as null', () => {
    const scored = [token(1, 'A', null), token(2, 'B', -1)];
    const { segments } = alignScores([scored, null, [token(1, 'A', -4), token(2, 'B', -2)]], 0);
    expect(segments.map((segment) => segment.logprobs)).toEqual([
      [null, null, -4],
      [-1, null, -2],
    ]);
    expect(segments[0]!.tokenCounts).toEqual([1, 0, 1]);
  });

  it('returns no segments when every column failed', () => {
    expect(alignScores([null, null], 0)).toEqual({ alignment: 'tokens', segments: [] });
  });
});

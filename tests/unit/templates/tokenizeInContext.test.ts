import { describe, expect, it } from 'vitest';
import { tokenizeInContext } from '../../../electron/engine/templates/tokenizeInContext.ts';

/** A toy SentencePiece: every text it starts gets a "▁" in front, one token per character, "ab" merges. */
function toySentencePiece(text: string): number[] {
  const ids: number[] = [];
  const chars = [...`▁${text}`];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === 'a' && chars[i + 1] === 'b') {
      ids.push(-1);
      i++;
    } else ids.push(chars[i]?.codePointAt(0) ?? 0);
  }
  return ids;
}
const cp = (text: string): number[] => [...text].map((char) => char.codePointAt(0) ?? 0);

describe('tokenizeInContext', () => {
  it('does not invent the leading "▁" a SentencePiece tokenizer adds to a text it starts', () => {
    expect(toySentencePiece('xy')).toEqual(cp('▁xy'));
    expect(tokenizeInContext(toySentencePiece, 'xy', 'hello\n')).toEqual(cp('xy'));
  });

  it('tokenizes alone at the start of the text', () => {
    expect(tokenizeInContext(toySentencePiece, 'xy', '')).toEqual(cp('▁xy'));
  });

  it('falls back to tokenizing alone when a token merges across the boundary', () => {
    expect(tokenizeInContext(toySentencePiece, 'b', 'xa')).toEqual(cp('▁b'));
  });

  it('uses only the last 64 characters of context', () => {
    const seen: string[] = [];
    tokenizeInContext((text) => {
      seen.push(text);
      return cp(text);
    }, 'z', 'q'.repeat(100));
    expect(seen[0]).toHaveLength(64);
  });
});

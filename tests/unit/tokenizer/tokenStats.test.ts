import { describe, expect, it } from 'vitest';
import { computeTokenStats, scriptOf } from '../../../electron/engine/tokenizer/tokenStats.ts';

const bytesOf = (...pieces: string[]): Uint8Array[] => pieces.map((piece) => new Uint8Array(Buffer.from(piece, 'hex')));

describe('computeTokenStats', () => {
  it('classifies scripts, with Chinese punctuation counted as Chinese', () => {
    expect(['你', '，', '。', 'a', 'Z', '7', ' ', '!'].map(scriptOf)).toEqual([
      'chinese', 'chinese', 'chinese', 'english', 'english', 'digits', 'whitespace', 'other',
    ]);
  });

  it('shares a token among the scripts of its bytes and splits byte tokens by character', () => {
    // "hi 韬": "hi" | " " + e9 | 9f | ac — the three pieces of 韬 are Chinese, the leading space is ignored.
    const stats = computeTokenStats('hi 韬', bytesOf('6869', '20e9', '9f', 'ac'));
    const byScript = Object.fromEntries(stats.byScript.map((row) => [row.script, row]));
    expect(stats).toMatchObject({ chars: 4, bytes: 6, tokens: 4, tokensPerChar: 1 });
    expect(byScript.english).toMatchObject({ chars: 2, tokens: 1, tokensPerChar: 0.5 });
    expect(byScript.chinese).toMatchObject({ chars: 1, tokens: 3, tokensPerChar: 3 });
    expect(byScript.whitespace).toMatchObject({ chars: 1, tokens: 0 });
    expect(stats.byScript.reduce((sum, row) => sum + row.tokens, 0)).toBeCloseTo(4, 6);
  });

  it('reports null ratios for empty text', () => {
    const stats = computeTokenStats('', []);
    expect(stats.tokensPerChar).toBeNull();
    expect(stats.byScript.every((row) => row.tokensPerChar === null)).toBe(true);
  });
});

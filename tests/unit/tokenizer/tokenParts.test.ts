import { describe, expect, it } from 'vitest';
import { byteTokenCharacters, spacedHex, tokenParts } from '../../../renderer/src/pages/tokenizer/tokenParts.ts';

describe('tokenParts (how the UI draws a token)', () => {
  it('shows partial UTF-8 as byte chips and whole characters as text', () => {
    expect(tokenParts({ bytes: '20e9', text: null })).toEqual([{ kind: 'space', value: '·' }, { kind: 'byte', value: 'E9' }]);
    expect(tokenParts({ bytes: '9f', text: null })).toEqual([{ kind: 'byte', value: '9F' }]);
    // a complete 你 followed by the first byte of the next character
    expect(tokenParts({ bytes: 'e4bda0e9', text: null })).toEqual([{ kind: 'text', value: '你' }, { kind: 'byte', value: 'E9' }]);
  });

  it('makes whitespace visible and breaks lines at newlines', () => {
    expect(tokenParts({ bytes: '', text: '  hi\n' })).toEqual([{ kind: 'space', value: '··' }, { kind: 'text', value: 'hi' }, { kind: 'newline' }]);
  });

  it('formats hex for reading', () => {
    expect(spacedHex('e99fac')).toBe('e9 9f ac');
  });
});

describe('byteTokenCharacters', () => {
  it('names the character a byte token is part of, even for repeated characters', () => {
    // 韬韬 in cl100k-like pieces: e9 | 9f | ac e9 | 9f ac, then a whole "hi"
    const tokens = [
      { bytes: 'e9', text: null },
      { bytes: '9f', text: null },
      { bytes: 'ace9', text: null },
      { bytes: '9fac', text: null },
      { bytes: '6869', text: 'hi' },
    ];
    expect(byteTokenCharacters(tokens)).toEqual(['韬', '韬', '韬韬', '韬', null]);
  });

  it('leaves bytes that never complete a character without a name', () => {
    expect(byteTokenCharacters([{ bytes: 'e9', text: null }])).toEqual([null]);
  });
});

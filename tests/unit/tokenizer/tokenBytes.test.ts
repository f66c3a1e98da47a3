import { describe, expect, it } from 'vitest';
import { completeUtf8Text } from '../../../electron/engine/tokenizer/tokenBytes.ts';

const text = (hex: string): string | null => completeUtf8Text(new Uint8Array(Buffer.from(hex, 'hex')));

describe('completeUtf8Text', () => {
  it('decodes complete UTF-8, including 4-byte characters', () => {
    expect(text('68656c6c6f')).toBe('hello');
    expect(text('e99fac')).toBe('韬');
    expect(text('f09f9982')).toBe('🙂');
    expect(text('')).toBe('');
  });

  it('returns null for partial characters and for sequences UTF-8 forbids', () => {
    expect(text('e9')).toBeNull(); // first byte of 韬
    expect(text('9fac')).toBeNull(); // its continuation bytes
    expect(text('20e9')).toBeNull(); // " " + a lead byte: still not whole
    expect(text('c0af')).toBeNull(); // overlong "/"
    expect(text('eda080')).toBeNull(); // a UTF-16 surrogate
    expect(text('f4908080')).toBeNull(); // above U+10FFFF
  });
});

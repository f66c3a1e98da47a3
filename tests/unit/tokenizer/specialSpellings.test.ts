import { describe, expect, it } from 'vitest';
import { findSpecialSpellings } from '../../../electron/engine/tokenizer/specialSpellings.ts';

describe('findSpecialSpellings', () => {
  it('lists the spellings present, in order of first appearance', () => {
    expect(findSpecialSpellings('a<|im_end|>b<|im_start|><|im_end|>', ['<|im_start|>', '<|im_end|>', '<s>'])).toEqual(['<|im_end|>', '<|im_start|>']);
  });

  it('copes with thousands of spellings on a long text', () => {
    const spellings = Array.from({ length: 6000 }, (_, i) => `<unused${i}>`);
    const text = `${'x'.repeat(200_000)}<unused4321> and <unused7>`;
    expect(findSpecialSpellings(text, spellings)).toEqual(['<unused4321>', '<unused7>']);
  });
});

import { describe, expect, it } from 'vitest';
import { outputDiff } from '../../../renderer/src/pages/compare/outputDiff.ts';

const rebuild = (parts: ReturnType<typeof outputDiff>, side: 'left' | 'right') =>
  parts.filter((part) => part.kind === 'same' || part.kind === (side === 'left' ? 'removed' : 'added')).map((part) => part.text).join('');

describe('diff of two outputs', () => {
  it('marks changed words and keeps both texts recoverable', () => {
    const left = 'The capital of France is Paris.';
    const right = 'The capital of France is Lyon, I think.';
    const parts = outputDiff(left, right);
    expect(parts.filter((part) => part.kind === 'removed').map((part) => part.text.trim())).toContain('Paris');
    expect(parts.filter((part) => part.kind === 'added').map((part) => part.text).join('')).toContain('Lyon');
    expect(rebuild(parts, 'left')).toBe(left);
    expect(rebuild(parts, 'right')).toBe(right);
  });

  it('diffs Chinese by words, not the whole sentence', () => {
    const parts = outputDiff('法国的首都是巴黎。', '法国的首都是里昂。', 'zh');
    expect(parts.some((part) => part.kind === 'same' && part.text.includes('首都'))).toBe(true);
    expect(parts.filter((part) => part.kind !== 'same').map((part) => part.text).join('')).not.toContain('首都');
  });

  it('says nothing changed for identical texts', () => {
    expect(outputDiff('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { lengthHistogram, percentile } from '../../../electron/engine/datasets/lengthHistogram.ts';
import { validationIds } from '../../../electron/engine/datasets/seededSplit.ts';

describe('validationIds', () => {
  const ids = Array.from({ length: 1000 }, (_, index) => index + 1);

  it('takes the requested fraction, the same ids for the same seed, other ids for another seed', () => {
    const first = validationIds(ids, 0.1, 42);
    expect(first).toHaveLength(100);
    expect(new Set(first).size).toBe(100);
    expect(validationIds(ids, 0.1, 42)).toEqual(first);
    const other = validationIds(ids, 0.1, 7);
    expect(other).not.toEqual(first);
    expect(first.every((id) => ids.includes(id))).toBe(true);
  });

  it('spreads the validation rows over the file rather than taking a block', () => {
    const picked = validationIds(ids, 0.2, 1);
    const firstHalf = picked.filter((id) => id <= 500).length;
    expect(firstHalf).toBeGreaterThan(60);
    expect(firstHalf).toBeLessThan(140);
  });

  it('takes nothing at fraction 0', () => expect(validationIds(ids, 0, 3)).toEqual([]));
});

describe('lengthHistogram', () => {
  it('uses readable bin widths starting at 0 and counts every length once', () => {
    const lengths = Float64Array.from([1, 5, 9, 10, 11, 99, 100, 250]).sort();
    const bins = lengthHistogram(lengths, 10);
    expect(bins[0]).toEqual({ start: 0, end: 50, count: 5 });
    expect(bins.map((bin) => bin.end - bin.start).every((width) => width === 50)).toBe(true);
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(lengths.length);
    expect(bins.at(-1)).toEqual({ start: 250, end: 300, count: 1 });
  });

  it('gives percentiles of sorted lengths', () => {
    const lengths = Float64Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(lengths, 0.5)).toBe(50);
    expect(percentile(lengths, 0.95)).toBe(95);
  });
});

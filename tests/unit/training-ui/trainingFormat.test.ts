import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatLoss, formatRate } from '../../../renderer/src/pages/training/trainingFormat.ts';

describe('training formatting', () => {
  it('writes durations as hours+minutes, minutes+seconds or seconds', () => {
    expect(formatDuration(3725)).toBe('1h 02m');
    expect(formatDuration(95)).toBe('1m 35s');
    expect(formatDuration(7.4)).toBe('7s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('shortens counts to three significant digits', () => {
    expect(formatCount(1_234_567)).toBe('1.23M');
    expect(formatCount(4_000_000_000)).toBe('4B');
    expect(formatCount(12_500)).toBe('12.5k');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(null)).toBe('—');
  });

  it('keeps missing losses distinct from zero', () => {
    expect(formatLoss(0.69314)).toBe('0.6931');
    expect(formatLoss(0)).toBe('0.0000');
    expect(formatLoss(null)).toBe('—');
  });

  it('writes learning rates in exponent form', () => {
    expect(formatRate(0.0002)).toBe('2.00e-4');
    expect(formatRate(0)).toBe('0');
  });
});

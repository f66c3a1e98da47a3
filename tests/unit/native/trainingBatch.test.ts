import { describe, expect, it } from 'vitest';
import { targetCount, toRawSequences } from '../../../electron/engine/training/native/trainingBatch.ts';

const sequence = (tokens: number[], mask: number[]) => ({ tokens: Int32Array.from(tokens), trainMask: Uint8Array.from(mask) });

describe('training batch checks', () => {
  it('counts targets from position 1: token 0 has nothing before it', () => {
    expect(targetCount(sequence([1, 2, 3, 4], [1, 1, 0, 1]))).toBe(2);
    expect(targetCount(sequence([1], [1]))).toBe(0);
  });

  it('passes the typed arrays through unchanged', () => {
    const s = sequence([1, 2, 3], [0, 1, 1]);
    const [raw] = toRawSequences([s], 8, true);
    expect(raw!.tokens).toBe(s.tokens);
    expect(raw!.mask).toBe(s.trainMask);
  });

  it('refuses an all-zero mask when targets are needed, and names the problem', () => {
    const batch = [sequence([1, 2, 3], [0, 0, 0]), sequence([4, 5], [1, 0])];
    expect(() => toRawSequences(batch, 8, true)).toThrow(/covers zero tokens/);
    expect(toRawSequences(batch, 8, false)).toHaveLength(2);
  });

  it('names the sequence and field of shape errors', () => {
    expect(() => toRawSequences([], 8, false)).toThrow(expect.objectContaining({ code: 'bad_input', details: { field: 'sequences' } }));
    expect(() => toRawSequences([sequence([1, 2], [0, 1]), sequence([1, 2, 3], [0, 1])], 8, true)).toThrow(
      expect.objectContaining({ details: { field: 'sequences[1].trainMask', sequence: 1 } }),
    );
    expect(() => toRawSequences([sequence([1, 2, 3], [0, 1, 1])], 2, true)).toThrow(/3 tokens, more than the context length 2/);
    const plain = { tokens: [1, 2] as unknown as Int32Array, trainMask: Uint8Array.from([0, 1]) };
    expect(() => toRawSequences([plain], 8, true)).toThrow(/sequences\[0\]\.tokens must be an Int32Array/);
  });
});

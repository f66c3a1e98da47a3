import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../electron/engine/random/seededRandom.ts';
import { seededRandom } from '../../../electron/engine/datasets/seededShuffle.ts';

const sample = (random: SeededRandom, count: number) => random.fillNormal(new Float32Array(count), 1);

describe('SeededRandom', () => {
  it('repeats a stream for the same seed and name, and differs otherwise', () => {
    const a = sample(new SeededRandom(42, 'blk.0.attn_q.weight'), 64);
    expect(sample(new SeededRandom(42, 'blk.0.attn_q.weight'), 64)).toEqual(a);
    expect(sample(new SeededRandom(43, 'blk.0.attn_q.weight'), 64)).not.toEqual(a);
    expect(sample(new SeededRandom(42, 'blk.0.attn_k.weight'), 64)).not.toEqual(a);
  });

  it('draws uniform floats in [0, 1) and standard normals', () => {
    const random = new SeededRandom(7);
    const uniforms = Array.from({ length: 20_000 }, () => random.nextFloat());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(uniforms.reduce((sum, value) => sum + value, 0) / uniforms.length).toBeCloseTo(0.5, 1);

    const normals = sample(new SeededRandom(7, 'normal'), 20_000);
    const mean = normals.reduce((sum, value) => sum + value, 0) / normals.length;
    const variance = normals.reduce((sum, value) => sum + (value - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.sqrt(variance)).toBeGreaterThan(0.95);
    expect(Math.sqrt(variance)).toBeLessThan(1.05);
    expect(normals.every(Number.isFinite)).toBe(true);
  });
});

// The sequences are part of the data: generated fixture models, recorded sampling seeds and dataset splits replay
// them. Values taken from the generators before they moved to electron/engine/random/.
describe('seeded streams never change', () => {
  it('SeededRandom', () => {
    const random = new SeededRandom(42, 'blk.0.attn_q.weight');
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([1998661612, 3631607613, 3588730897, 3903084128]);
    const normal = new SeededRandom(7, 'normal');
    expect([normal.nextNormal(), normal.nextNormal(), normal.nextNormal()]).toEqual([-0.687273915986178, 0.9146095428259458, -1.5699031883770511]);
  });

  it('mulberry32, as the dataset shuffle draws it', () => {
    const random = seededRandom(7);
    expect([random(), random(), random(), random()]).toEqual([0.011704753153026104, 0.06195825757458806, 0.97690763277933, 0.6990287057124078]);
  });
});

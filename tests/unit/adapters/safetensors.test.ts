import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsHeader, readSafetensorsTensor } from '../../../electron/engine/adapters/interop/safetensorsReader.ts';
import { encodeSafetensors, writeSafetensors } from '../../../electron/engine/adapters/interop/safetensorsWriter.ts';
import { decodeFloats, encodeFloats, float32ToBFloat16Bits } from '../../../electron/engine/adapters/interop/floatFormats.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

const home = createTempHome('safetensors');
afterAll(() => home.cleanup());

let counter = 0;
const file = (bytes: Uint8Array): string => {
  const path = join(home.path, `t${counter++}.safetensors`);
  writeFileSync(path, bytes);
  return path;
};

/** A file assembled by hand from the format's description, not by our writer. */
function handMade(header: unknown, data: number[], pad = 0): Uint8Array {
  const json = Buffer.from(JSON.stringify(header) + ' '.repeat(pad), 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.from(data)]);
}

const le32 = (value: number): number[] => {
  const bytes = Buffer.alloc(4);
  bytes.writeFloatLE(value);
  return [...bytes];
};

describe('safetensors reader', () => {
  it('reads a hand-made file: F32, F16 and BF16 with known bit patterns, metadata, header padding', () => {
    const path = file(
      handMade(
        {
          __metadata__: { format: 'pt' },
          b16: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
          f32: { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] },
          f16: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
        },
        // F32 1.5, -2 | F16 0x3C00 (1), 0xC000 (-2) | BF16 0x3F80 (1), 0xC040 (-3)
        [...le32(1.5), ...le32(-2), 0x00, 0x3c, 0x00, 0xc0, 0x80, 0x3f, 0x40, 0xc0],
        5,
      ),
    );
    const header = readSafetensorsHeader(path);
    expect(header.metadata).toEqual({ format: 'pt' });
    expect(header.tensors.map((tensor) => [tensor.name, tensor.dtype, tensor.shape])).toEqual([
      ['f32', 'F32', [1, 2]],
      ['f16', 'F16', [2]],
      ['b16', 'BF16', [2]],
    ]);
    const values = (name: string) => [...readSafetensorsTensor(header, header.tensors.find((tensor) => tensor.name === name)!)];
    expect(values('f32')).toEqual([1.5, -2]);
    expect(values('f16')).toEqual([1, -2]);
    expect(values('b16')).toEqual([1, -3]);
  });

  it('refuses broken files with the tensor or field named', () => {
    const f32 = (begin: number, end: number, shape = [1]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(4), /too short/],
      [handMade({ a: f32(0, 4) }, []), /need 4 data bytes.*truncated/],
      [handMade({ a: f32(0, 4) }, [0, 0, 0, 0, 9]), /stray bytes/],
      [handMade({ a: f32(0, 4), b: f32(2, 6) }, new Array(6).fill(0)), /"b".*overlaps/],
      [handMade({ a: f32(4, 8) }, new Array(8).fill(0)), /"a".*gap/],
      [handMade({ a: f32(0, 8) }, new Array(8).fill(0)), /"a" \(F32 \[1\]\) needs 4 bytes/],
      [handMade({ a: { dtype: 'F12', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /"a" has an unknown dtype/],
      [handMade({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, [0, 0, 0, 0]), /"a" has a bad shape/],
      [Buffer.concat([Buffer.from([255, 255, 255, 255, 0, 0, 0, 0]), Buffer.alloc(8)]), /claims a 4294967295-byte header/],
      [Buffer.concat([Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{{{')]), /not valid UTF-8 JSON/],
    ];
    for (const [bytes, message] of cases) {
      const path = file(bytes);
      const error = workbenchErrorOf(() => readSafetensorsHeader(path));
      expect(error.message, `${message}`).toMatch(message);
      expect(error.message).toContain(path);
    }
  });

  it('refuses to read integer tensors as adapter weights', () => {
    const path = file(handMade({ ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Array(8).fill(0)));
    const header = readSafetensorsHeader(path);
    expect(workbenchErrorOf(() => readSafetensorsTensor(header, header.tensors[0]!)).message).toMatch(/"ids" is I64; only F32, F16 and BF16/);
  });
});

describe('safetensors writer', () => {
  it('writes what the reader (and the format) expects: aligned data, padded header, ordered by type size then name', async () => {
    const path = join(home.path, 'written.safetensors');
    await writeSafetensors(
      path,
      [
        { name: 'z.half', dtype: 'F16', shape: [3], values: new Float32Array([1, 0.5, -0.25]) },
        { name: 'a.full', dtype: 'F32', shape: [2, 2], values: new Float32Array([1, 2, 3, 4]) },
        { name: 'b.brain', dtype: 'BF16', shape: [1], values: new Float32Array([2]) },
      ],
      { format: 'pt' },
    );
    const bytes = readFileSync(path);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect(headerLength % 8).toBe(0);
    expect(JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'))).toEqual({
      __metadata__: { format: 'pt' },
      'a.full': { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] },
      'b.brain': { dtype: 'BF16', shape: [1], data_offsets: [16, 18] },
      'z.half': { dtype: 'F16', shape: [3], data_offsets: [18, 24] },
    });
    // BF16 2.0 is 0x4000; F16 1, 0.5, -0.25 are 0x3C00, 0x3800, 0xB400.
    expect([...bytes.subarray(8 + headerLength + 16)]).toEqual([0x00, 0x40, 0x00, 0x3c, 0x00, 0x38, 0x00, 0xb4]);
    const header = readSafetensorsHeader(path);
    expect([...readSafetensorsTensor(header, header.tensors[0]!)]).toEqual([1, 2, 3, 4]);
  });

  it('F16 and BF16 bit patterns survive decode → encode unchanged (what makes round trips bit-equal)', () => {
    const patterns = new Uint16Array(0x10000);
    for (let bits = 0; bits < 0x10000; bits++) patterns[bits] = bits;
    for (const dtype of ['F16', 'BF16'] as const) {
      const isNaN = (bits: number) => (dtype === 'F16' ? (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0 : (bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0);
      const finite = patterns.filter((bits) => !isNaN(bits));
      const bytes = new Uint8Array(finite.buffer.slice(0));
      expect(Buffer.from(encodeFloats(decodeFloats(bytes, dtype), dtype)).equals(Buffer.from(bytes)), dtype).toBe(true);
    }
  });

  it('BF16 rounds to nearest even like PyTorch', () => {
    // 1 + 2^-8 sits exactly halfway between bf16 1.0 and the next value: ties go to the even mantissa (1.0).
    expect(float32ToBFloat16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(float32ToBFloat16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(float32ToBFloat16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(float32ToBFloat16Bits(Number.NaN) & 0x7fc0).toBe(0x7fc0);
  });

  it('refuses duplicate names and values that do not fill the shape', () => {
    const tensor = { name: 'x', dtype: 'F32' as const, shape: [2], values: new Float32Array(2) };
    expect(workbenchErrorOf(() => encodeSafetensors([tensor, tensor])).message).toMatch(/"x" appears twice/);
    expect(workbenchErrorOf(() => encodeSafetensors([{ ...tensor, shape: [3] }])).message).toMatch(/"x" has 2 values for shape \[3\]/);
  });
});

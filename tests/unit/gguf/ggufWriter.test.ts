import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { float16BitsToFloat32 } from '../../../electron/engine/gguf/float16.ts';
import { gguf, type GgufValue } from '../../../electron/engine/gguf/ggufValues.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('gguf-writer');
afterAll(() => home.cleanup());

/** float32 values that survive storage exactly, so equality is the right check. */
const f32 = (value: number): number => Math.fround(value);

const everyType = new Map<string, GgufValue>([
  ['t.uint8', gguf.uint8(255)],
  ['t.int8', gguf.int8(-128)],
  ['t.uint16', gguf.uint16(65_535)],
  ['t.int16', gguf.int16(-32_768)],
  ['t.uint32', gguf.uint32(4_294_967_295)],
  ['t.int32', gguf.int32(-2_147_483_648)],
  ['t.float32', gguf.float32(f32(3.14159))],
  ['t.float64', gguf.float64(Math.PI)],
  ['t.uint64', gguf.uint64(18_446_744_073_709_551_615n)],
  ['t.int64', gguf.int64(-9_223_372_036_854_775_808n)],
  ['t.bool.true', gguf.bool(true)],
  ['t.bool.false', gguf.bool(false)],
  ['t.string', gguf.string('héllo 世界 <|im_start|>\n')],
  ['t.string.empty', gguf.string('')],
  ['a.uint8', gguf.numbers('uint8', [0, 1, 255])],
  ['a.int8', gguf.numbers('int8', [-128, 0, 127])],
  ['a.uint16', gguf.numbers('uint16', [0, 65_535])],
  ['a.int16', gguf.numbers('int16', [-32_768, 32_767])],
  ['a.uint32', gguf.numbers('uint32', [0, 4_294_967_295])],
  ['a.int32', gguf.numbers('int32', [-1, 7, -2_147_483_648])],
  ['a.float32', gguf.numbers('float32', [f32(0.1), -0, f32(1e-5), Infinity])],
  ['a.float64', gguf.numbers('float64', [0.1, -1e300])],
  ['a.uint64', gguf.bigints('uint64', [0n, 1n << 63n])],
  ['a.int64', gguf.bigints('int64', [-1n, 1n << 40n])],
  ['a.bool', gguf.bools([true, false, true])],
  ['a.string', gguf.strings(['', 'a', '▁the', '<0x0A>'])],
  ['a.empty', gguf.numbers('int32', [])],
]);

describe('writeGguf', () => {
  it('round-trips every metadata value type, including arrays of each', async () => {
    const path = join(home.path, 'types.gguf');
    await writeGguf(path, { metadata: everyType, tensors: [] });
    const file = readGguf(path);
    expect(file.version).toBe(3);
    expect([...file.metadata.keys()]).toEqual([...everyType.keys()]);
    for (const [key, value] of everyType) expect(file.metadata.get(key), key).toEqual(value);
    const floats = file.metadata.get('a.float32');
    expect(floats?.type === 'array' && Object.is(floats.value[1], -0)).toBe(true);
  });

  it('round-trips a header far larger than the encoder\'s first buffer', async () => {
    const path = join(home.path, 'big-header.gguf');
    const tokens = Array.from({ length: 30_000 }, (_, index) => `token-${index}-${'x'.repeat(index % 13)}`);
    const scores = Array.from({ length: 30_000 }, (_, index) => -index);
    const ids = Array.from({ length: 30_000 }, (_, index) => BigInt(index) * 1_000_003n);
    const metadata = new Map([
      ['tokenizer.ggml.tokens', gguf.strings(tokens)],
      ['tokenizer.ggml.scores', gguf.numbers('float32', scores)],
      ['ids', gguf.bigints('uint64', ids)],
      ['after', gguf.float64(0.25)],
    ]);
    await writeGguf(path, { metadata, tensors: [] });
    const file = readGguf(path);
    expect(file.sizeBytes).toBeGreaterThan(500_000);
    for (const [key, value] of metadata) expect(file.metadata.get(key), key).toEqual(value);
  });

  it('streams F32 and F16 tensors at aligned offsets and reads back their values', async () => {
    const path = join(home.path, 'tensors.gguf');
    const matrix = Float32Array.from({ length: 6 * 5 }, (_, index) => index / 7 - 2);
    const chunks = [Float32Array.of(0.5, -1, 65_504), Float32Array.of(1e-8, 3.3)];
    const result = await writeGguf(path, {
      metadata: new Map([['general.architecture', gguf.string('test')]]),
      alignment: 64,
      tensors: [
        { name: 'odd.f32', type: 'F32', dims: [3], values: Float32Array.of(1, 2, 3) },
        { name: 'matrix.f32', type: 'F32', dims: [6, 5], values: matrix },
        { name: 'chunked.f16', type: 'F16', dims: [5], values: () => chunks },
      ],
    });
    const bytes = readFileSync(path);
    expect(result.sizeBytes).toBe(bytes.length);

    const file = readGguf(path);
    expect(file.alignment).toBe(64);
    expect(file.metadata.get('general.alignment')).toEqual(gguf.uint32(64));
    expect(file.tensors.map((tensor) => [tensor.name, tensor.type, tensor.dims, tensor.byteSize])).toEqual([
      ['odd.f32', 'F32', [3], 12],
      ['matrix.f32', 'F32', [6, 5], 120],
      ['chunked.f16', 'F16', [5], 10],
    ]);
    for (const tensor of file.tensors) expect(tensor.fileOffset % 64).toBe(0);

    const floatsAt = (offset: number, count: number) => [...new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4))];
    expect(floatsAt(file.tensors[0]!.fileOffset, 3)).toEqual([1, 2, 3]);
    expect(floatsAt(file.tensors[1]!.fileOffset, 30)).toEqual([...matrix]);
    const halfOffset = file.tensors[2]!.fileOffset;
    const halves = Array.from({ length: 5 }, (_, index) => float16BitsToFloat32(bytes.readUInt16LE(halfOffset + index * 2)));
    expect(halves.slice(0, 3)).toEqual([0.5, -1, 65_504]);
    expect(halves[3]).toBe(0); // below half precision's smallest subnormal
    expect(halves[4]).toBeCloseTo(3.3, 2);
  });

  it('omits general.alignment at the default alignment of 32', async () => {
    const path = join(home.path, 'default-alignment.gguf');
    await writeGguf(path, { metadata: new Map(), tensors: [{ name: 'w', type: 'F32', dims: [3], values: Float32Array.of(1, 2, 3) }] });
    const file = readGguf(path);
    expect(file.metadata.has('general.alignment')).toBe(false);
    expect(file.dataOffset % 32).toBe(0);
  });

  it('refuses invalid input with the field named and leaves no file behind', async () => {
    const cases: { input: Parameters<typeof writeGguf>[1]; message: RegExp }[] = [
      { input: { metadata: new Map([['k', gguf.uint8(300)]]), tensors: [] }, message: /"k": 300 is not a valid uint8/ },
      { input: { metadata: new Map([['k', gguf.numbers('int16', [1, 1.5])]]), tensors: [] }, message: /"k": 1.5 is not a valid int16/ },
      { input: { metadata: new Map([['k', gguf.uint64(-1n)]]), tensors: [] }, message: /"k": -1 is not a valid uint64/ },
      {
        input: { metadata: new Map(), tensors: [{ name: 'w', type: 'F32', dims: [2], values: Float32Array.of(1) }] },
        message: /tensor "w": has 1 values for shape \[2\]/,
      },
      {
        input: { metadata: new Map(), tensors: [{ name: 'w', type: 'F32', dims: [4], values: () => [Float32Array.of(1, 2, 3)] }] },
        message: /tensor "w": its values ran to 3 elements, the shape needs 4/,
      },
      {
        input: {
          metadata: new Map(),
          tensors: [
            { name: 'w', type: 'F32', dims: [1], values: Float32Array.of(1) },
            { name: 'w', type: 'F32', dims: [1], values: Float32Array.of(1) },
          ],
        },
        message: /tensor "w": the name is used twice/,
      },
      { input: { metadata: new Map(), tensors: [{ name: 'x'.repeat(64), type: 'F32', dims: [1], values: Float32Array.of(1) }] }, message: /names must be 1 to 63 bytes/ },
      { input: { metadata: new Map(), tensors: [], alignment: 48 }, message: /power of two/ },
    ];
    for (const [index, { input, message }] of cases.entries()) {
      const path = join(home.path, `invalid-${index}.gguf`);
      await expect(writeGguf(path, input)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(message) });
      expect(existsSync(path)).toBe(false);
    }
    expect(readdirSync(home.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file only once the new one is complete', async () => {
    const path = join(home.path, 'replace.gguf');
    await writeGguf(path, { metadata: new Map([['v', gguf.uint32(1)]]), tensors: [] });
    await expect(
      writeGguf(path, { metadata: new Map([['v', gguf.uint32(2)]]), tensors: [{ name: 'w', type: 'F32', dims: [4], values: () => [Float32Array.of(1)] }] }),
    ).rejects.toMatchObject({ code: 'bad_input' });
    expect(readGguf(path).metadata.get('v')).toEqual(gguf.uint32(1));
  });
});

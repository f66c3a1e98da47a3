import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { readGguf } from '../../../electron/engine/gguf/ggufReader.ts';
import { encodeGgufHeader } from '../../../electron/engine/gguf/ggufHeaderEncoder.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { makeRandomLlamaModel } from '../../../electron/engine/gguf/makeRandomLlamaModel.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('gguf-reader');
afterAll(() => home.cleanup());

let counter = 0;
function writeTemp(bytes: Uint8Array | string): string {
  const path = join(home.path, `case-${counter++}.gguf`);
  writeFileSync(path, bytes);
  return path;
}

/** Runs readGguf expecting a bad_input error; returns it for further checks. */
function readFailure(path: string): WorkbenchError {
  try {
    readGguf(path);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    const workbenchError = error as WorkbenchError;
    expect(workbenchError.code).toBe('bad_input');
    expect(workbenchError.message).toContain(path);
    expect(workbenchError.details?.file).toBe(path);
    expect(typeof workbenchError.details?.offset).toBe('number');
    return workbenchError;
  }
  throw new Error(`readGguf(${path}) did not fail`);
}

/** A valid small header (no tensors) whose bytes the tests then corrupt. */
function smallHeader(): Buffer {
  return Buffer.from(encodeGgufHeader(new Map([['general.architecture', gguf.string('llama')], ['x.count', gguf.uint32(7)]]), [], 32));
}

/** Measures external (ArrayBuffer) memory growth across a call, so "no big allocation" is checked, not assumed. */
function arrayBufferGrowth(action: () => void): number {
  const before = process.memoryUsage().arrayBuffers;
  let peak = before;
  try {
    action();
  } finally {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  return peak - before;
}

describe('readGguf rejects what is not a readable GGUF', () => {
  let modelPath = '';
  let modelBytes = Buffer.alloc(0);

  beforeAll(async () => {
    modelPath = join(home.path, 'model.gguf');
    await makeRandomLlamaModel(modelPath, { seed: 3 });
    modelBytes = readFileSync(modelPath);
  });

  it('reads a generated model', () => {
    const file = readGguf(modelPath);
    expect(file.version).toBe(3);
    expect(file.sizeBytes).toBe(modelBytes.length);
    expect(file.tensors.length).toBeGreaterThan(0);
    expect(file.dataOffset % file.alignment).toBe(0);
  });

  it('names a text file as text, at byte 0', () => {
    const path = writeTemp('# Notes\nThis is a plain text file, not a model.\n');
    const error = readFailure(path);
    expect(error.message).toMatch(/not a GGUF file/);
    expect(error.message).toMatch(/looks like text/);
    expect(error.details?.offset).toBe(0);
  });

  it('rejects an empty file and one shorter than the magic', () => {
    expect(readFailure(writeTemp(new Uint8Array())).message).toMatch(/empty/);
    expect(readFailure(writeTemp('GG')).message).toMatch(/not a GGUF file/);
  });

  it('reports a missing file as not_found', () => {
    const path = join(home.path, 'does-not-exist.gguf');
    expect(() => readGguf(path)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('rejects every truncation of a real model, naming the offset where it ends', () => {
    const file = readGguf(modelPath);
    const last = file.tensors.at(-1)!;
    const cuts = [6, 12, 20, 40, 200, 1000, 3000, file.dataOffset - 1, file.dataOffset + 10, last.fileOffset + last.byteSize - 1];
    for (const cut of cuts) {
      const error = readFailure(writeTemp(modelBytes.subarray(0, cut)));
      expect(error.message).toMatch(/truncated/);
      expect(error.details?.offset as number).toBeLessThanOrEqual(cut);
    }
  });

  it('fails fast on absurd tensor and metadata counts without allocating for them', () => {
    for (const [position, value] of [
      [8, 1n << 62n], // tensor count
      [16, 1n << 62n], // metadata entry count
      [8, 5_000_000n], // above the sanity cap though 64-bit-plausible
      [16, 1_000n], // small, but more entries than bytes could hold
    ] as const) {
      const bytes = smallHeader();
      bytes.writeBigUInt64LE(value, position);
      const path = writeTemp(bytes);
      let error: WorkbenchError | undefined;
      const growth = arrayBufferGrowth(() => {
        error = readFailure(path);
      });
      expect(error?.message).toMatch(/sanity limit|truncated or corrupt/);
      expect(error?.details?.offset).toBe(position);
      expect(growth).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('refuses string and array lengths larger than the file', () => {
    const keyLength = smallHeader();
    keyLength.writeBigUInt64LE(1n << 40n, 24); // first key's length
    expect(readFailure(writeTemp(keyLength)).message).toMatch(/claims a length of 1099511627776 bytes/);

    const array = Buffer.from(encodeGgufHeader(new Map([['tokens', gguf.strings(['a', 'b'])]]), [], 32));
    // key length (8) + "tokens" (6) + type (4) + item type (4) → the array length field
    const lengthAt = 24 + 8 + 6 + 4 + 4;
    array.writeBigUInt64LE(1n << 50n, lengthAt);
    const error = readFailure(writeTemp(array));
    expect(error.message).toMatch(/claims 1125899906842624 items of string, .*truncated or corrupt/);
    expect(error.details?.offset).toBe(lengthAt);
  });

  it('rejects unsupported versions with a reason', () => {
    const v1 = smallHeader();
    v1.writeUInt32LE(1, 4);
    expect(readFailure(writeTemp(v1)).message).toMatch(/version 1/);
    const bigEndian = smallHeader();
    bigEndian.writeUInt32BE(3, 4);
    expect(readFailure(writeTemp(bigEndian)).message).toMatch(/big-endian/);
  });

  it('rejects unknown value types, duplicate keys and nested arrays', () => {
    const unknownType = smallHeader();
    unknownType.writeUInt32LE(99, 24 + 8 + 'general.architecture'.length);
    expect(readFailure(writeTemp(unknownType)).message).toMatch(/unknown value type 99/);

    const duplicate = Buffer.from(encodeGgufHeader(new Map([['a.b', gguf.uint8(1)], ['a.c', gguf.uint8(2)]]), [], 32));
    duplicate.write('a.b', 24 + 8 + 3 + 4 + 1 + 8, 'latin1'); // rename the second key to the first
    expect(readFailure(writeTemp(duplicate)).message).toMatch(/"a\.b" appears twice/);

    const nested = Buffer.from(encodeGgufHeader(new Map([['list', gguf.numbers('uint8', [1])]]), [], 32));
    nested.writeUInt32LE(9, 24 + 8 + 4 + 4); // item type → array
    expect(readFailure(writeTemp(nested)).message).toMatch(/nested arrays/);
  });

  it('checks tensor infos: type, dimensions, alignment', () => {
    const tensorAt = (bytes: Buffer, name: string): number => bytes.indexOf(Buffer.from(name)) + name.length;
    const header = (): Buffer => {
      const encoded = encodeGgufHeader(new Map(), [{ name: 'w', type: 'F32', dims: [4, 2], relativeOffset: 0 }], 32);
      return Buffer.concat([encoded, Buffer.alloc(32)]);
    };
    const badType = header();
    badType.writeUInt32LE(4, tensorAt(badType, 'w') + 4 + 16); // id 4 (Q4_2) was removed from ggml
    expect(readFailure(writeTemp(badType)).message).toMatch(/unknown ggml type 4/);

    const tooManyDims = header();
    tooManyDims.writeUInt32LE(9, tensorAt(tooManyDims, 'w'));
    expect(readFailure(writeTemp(tooManyDims)).message).toMatch(/9 dimensions/);

    const misaligned = header();
    misaligned.writeBigUInt64LE(4n, tensorAt(misaligned, 'w') + 4 + 16 + 4);
    expect(readFailure(writeTemp(misaligned)).message).toMatch(/not aligned/);

    const absurdDim = header();
    absurdDim.writeBigUInt64LE(1n << 60n, tensorAt(absurdDim, 'w') + 4);
    expect(readFailure(writeTemp(absurdDim)).message).toMatch(/absurd shape/);
  });

  it('rejects a non-power-of-two general.alignment', () => {
    const bytes = Buffer.from(encodeGgufHeader(new Map([['general.alignment', gguf.uint32(24)]]), [], 32));
    expect(readFailure(writeTemp(bytes)).message).toMatch(/power of two/);
  });
});

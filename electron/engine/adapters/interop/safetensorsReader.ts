import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { decodeFloats, type FloatDType } from './floatFormats.ts';

/**
 * Reader for the safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { string: string } }`, then the raw
 * little-endian data, offsets relative to the byte after the header. Nothing is trusted: the header must parse,
 * every tensor's byte range must match its shape and type, and the ranges must tile the data section exactly
 * (as the reference implementation requires), so a truncated or spliced file fails here with the tensor named.
 */

/** Element sizes of every dtype the format defines, so any valid file's header can be checked. */
const dtypeBytes: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/** The reference implementation refuses headers above 100 MB; so do we. */
const maxHeaderBytes = 100_000_000;

export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range inside the data section. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  readonly path: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** In file order (by data offset). */
  readonly tensors: readonly SafetensorsTensorInfo[];
  /** File offset of the data section. */
  readonly dataStart: number;
}

function fail(path: string, message: string, details: Record<string, unknown> = {}): never {
  throw new WorkbenchError('bad_input', `${path}: ${message}`, { file: path, ...details }, reason('interop_safetensors_invalid', { file: path }));
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

/** Reads and checks the header; tensor data is read on demand by readSafetensorsTensor. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbenchError(code === 'ENOENT' ? 'not_found' : 'bad_input', `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`, { file: path }, reason(code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', { file: path }));
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 8) fail(path, `is ${size} bytes, too short for a safetensors file (8-byte header length first)`, { field: 'header' });
    const headerLength = readExactly(fd, 8, 0).readBigUInt64LE(0);
    if (headerLength > BigInt(maxHeaderBytes)) fail(path, `claims a ${headerLength}-byte header (the limit is ${maxHeaderBytes}): not a safetensors file`, { field: 'header' });
    if (headerLength > BigInt(size - 8)) fail(path, `claims a ${headerLength}-byte header but only ${size - 8} bytes follow: the file is truncated`, { field: 'header' });
    const headerBytes = readExactly(fd, Number(headerLength), 8);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
    } catch (error) {
      fail(path, `the header is not valid UTF-8 JSON (${(error as Error).message})`, { field: 'header' });
    }
    const dataStart = 8 + Number(headerLength);
    return { path, ...checkHeader(path, parsed, size - dataStart), dataStart };
  } finally {
    closeSync(fd);
  }
}

function checkHeader(path: string, parsed: unknown, dataBytes: number): { metadata: Record<string, string>; tensors: SafetensorsTensorInfo[] } {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(path, 'the header must be a JSON object', { field: 'header' });
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(path, '__metadata__ must be an object of strings', { field: '__metadata__' });
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(path, `__metadata__.${key} must be a string`, { field: `__metadata__.${key}` });
        metadata[key] = value;
      }
      continue;
    }
    tensors.push(checkTensor(path, name, entry));
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const tensor of tensors) {
    if (tensor.begin !== expected) {
      const why = tensor.begin < expected ? 'overlaps the tensor before it' : `leaves a gap after byte ${expected}`;
      fail(path, `tensor "${tensor.name}" starts at data byte ${tensor.begin} and ${why}`, { field: tensor.name });
    }
    expected = tensor.end;
  }
  if (expected !== dataBytes) {
    const why = expected > dataBytes ? `the file holds only ${dataBytes}: it is truncated` : `the file holds ${dataBytes}: there are stray bytes at the end`;
    fail(path, `the tensors need ${expected} data bytes but ${why}`, { field: 'data' });
  }
  return { metadata, tensors };
}

function checkTensor(path: string, name: string, entry: unknown): SafetensorsTensorInfo {
  const details = { field: name };
  if (typeof entry !== 'object' || entry === null) fail(path, `tensor "${name}" must be an object`, details);
  const { dtype, shape, data_offsets: offsets } = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== 'string' || dtypeBytes[dtype] === undefined) fail(path, `tensor "${name}" has an unknown dtype ${JSON.stringify(dtype)}`, details);
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && (dim as number) >= 0)) {
    fail(path, `tensor "${name}" has a bad shape ${JSON.stringify(shape)}`, details);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((offset) => Number.isSafeInteger(offset) && (offset as number) >= 0)) {
    fail(path, `tensor "${name}" has bad data_offsets ${JSON.stringify(offsets)}`, details);
  }
  const [begin, end] = offsets as [number, number];
  const elements = (shape as number[]).reduce((product, dim) => product * dim, 1);
  const bytes = elements * dtypeBytes[dtype]!;
  if (end - begin !== bytes) {
    fail(path, `tensor "${name}" (${dtype} [${(shape as number[]).join(', ')}]) needs ${bytes} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`, details);
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

export function isFloatDType(dtype: string): dtype is FloatDType {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/** One tensor's values as float32 (F32, F16 and BF16 only: adapters are float). */
export function readSafetensorsTensor(header: SafetensorsHeader, tensor: SafetensorsTensorInfo): Float32Array {
  if (!isFloatDType(tensor.dtype)) {
    fail(header.path, `tensor "${tensor.name}" is ${tensor.dtype}; only F32, F16 and BF16 adapters can be read`, { field: tensor.name });
  }
  const fd = openSync(header.path, 'r');
  try {
    const bytes = readExactly(fd, tensor.end - tensor.begin, header.dataStart + tensor.begin);
    if (bytes.length !== tensor.end - tensor.begin) fail(header.path, `tensor "${tensor.name}" is cut short: the file changed while it was read`, { field: tensor.name });
    return decodeFloats(bytes, tensor.dtype);
  } finally {
    closeSync(fd);
  }
}

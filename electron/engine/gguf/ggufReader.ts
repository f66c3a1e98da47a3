import { FileWindow } from './fileWindow.ts';
import { ggmlTensorBytes, ggmlTypeById } from './ggmlTypes.ts';
import {
  fixedItemSize,
  ggufValueTypeName,
  type GgufItemType,
  type GgufMetadata,
  type GgufValue,
} from './ggufValues.ts';

export interface GgufTensorInfo {
  readonly name: string;
  /** ggml order: dims[0] is the row length (the fastest-moving index). */
  readonly dims: readonly number[];
  readonly type: string;
  readonly typeId: number;
  readonly elementCount: number;
  readonly byteSize: number;
  /** Offset of the tensor's data in the file (data section start + the offset stored in the file). */
  readonly fileOffset: number;
}

export interface GgufFile {
  readonly path: string;
  readonly version: number;
  readonly sizeBytes: number;
  readonly alignment: number;
  /** File offset where tensor data starts. */
  readonly dataOffset: number;
  readonly metadata: GgufMetadata;
  readonly tensors: readonly GgufTensorInfo[];
}

/**
 * Sanity limits for untrusted headers. Counts are also checked against the bytes left in the file (every entry
 * needs a minimum number of bytes), so a header claiming absurd counts fails before any loop or allocation.
 */
export const ggufReadLimits = {
  maxTensors: 1_000_000,
  maxMetadataEntries: 100_000,
  /** The spec caps keys at 65535 bytes. */
  maxKeyBytes: 65_535,
  maxStringBytes: 256 * 1024 * 1024,
  maxArrayItems: 64 * 1024 * 1024,
  /** ggml's GGML_MAX_NAME is 64 including the terminating NUL. */
  maxTensorNameBytes: 63,
  maxDims: 4,
} as const;

const magic = 'GGUF';
const defaultAlignment = 32;
/** Smallest possible encodings, used to bound counts by the bytes left in the file. */
const minMetadataEntryBytes = 8 + 1 + 4 + 1;
const minTensorInfoBytes = 8 + 1 + 4 + 4 + 8;

/** Reads a GGUF file's header, metadata and tensor table (never the tensor data). */
export function readGguf(path: string): GgufFile {
  const file = new FileWindow(path);
  try {
    return parse(file);
  } finally {
    file.close();
  }
}

function parse(file: FileWindow): GgufFile {
  checkMagic(file);
  const version = file.uint32('version');
  if (version !== 2 && version !== 3) {
    const hint =
      version === 1
        ? 'GGUF version 1 predates 64-bit counts and is no longer supported by llama.cpp'
        : (version & 0xffff) === 0 && version >>> 16 !== 0
          ? 'this looks like a big-endian GGUF, which is not supported'
          : `unsupported GGUF version ${version}`;
    throw file.error(`${hint} (only versions 2 and 3 are read)`, { field: 'version', version }, 4);
  }

  const tensorCount = readCount(file, 'tensor count', ggufReadLimits.maxTensors, minTensorInfoBytes);
  const entryCount = readCount(file, 'metadata entry count', ggufReadLimits.maxMetadataEntries, minMetadataEntryBytes);
  // Both counts are known now, so the tensor table's minimum size counts against what the metadata may use.
  const reservedForTensors = tensorCount * minTensorInfoBytes;
  if (entryCount * minMetadataEntryBytes + reservedForTensors > file.remaining) {
    throw file.error(
      `header claims ${entryCount} metadata entries and ${tensorCount} tensors, more than the ${file.remaining} bytes left can hold: the file is truncated or corrupt`,
      { field: 'counts', tensorCount, entryCount },
      8,
    );
  }

  const metadata = new Map<string, GgufValue>();
  for (let index = 0; index < entryCount; index++) {
    const at = file.offset;
    const key = readString(file, `metadata key #${index}`, ggufReadLimits.maxKeyBytes);
    if (key.length === 0) throw file.error(`metadata key #${index} is empty`, { field: 'metadata', index }, at);
    if (metadata.has(key)) throw file.error(`metadata key "${key}" appears twice`, { field: key }, at);
    metadata.set(key, readValue(file, key));
  }

  const alignment = readAlignment(file, metadata);
  const tensors = readTensorInfos(file, tensorCount);
  const dataOffset = tensorCount > 0 ? alignUp(file.offset, alignment) : file.offset;
  if (dataOffset > file.size) {
    throw file.error(`file is truncated: the tensor data section would start at byte ${dataOffset}, past the end (${file.size})`, { field: 'data' });
  }
  return {
    path: file.path,
    version,
    sizeBytes: file.size,
    alignment,
    dataOffset,
    metadata,
    tensors: placeTensors(file, tensors, dataOffset, alignment),
  };
}

function checkMagic(file: FileWindow): void {
  if (file.size === 0) throw file.error('is empty, not a GGUF file', { field: 'magic' }, 0);
  const head = file.bytes(Math.min(4, file.size), 'magic');
  if (head.length === 4 && head.toString('latin1') === magic) return;
  const printable = [...head].every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f));
  const shown = printable ? JSON.stringify(head.toString('latin1')) : `bytes ${head.toString('hex')}`;
  const kind = printable ? ' (it looks like text)' : '';
  throw file.error(`is not a GGUF file: it starts with ${shown} instead of "GGUF"${kind}`, { field: 'magic' }, 0);
}

function readCount(file: FileWindow, what: string, limit: number, minBytesEach: number): number {
  const at = file.offset;
  const raw = file.uint64(what);
  const details = { field: what, claimed: raw.toString() };
  if (raw > BigInt(limit)) throw file.error(`header claims ${raw} as the ${what}, above the sanity limit of ${limit}: the file is corrupt`, details, at);
  // Each entry needs a minimum number of bytes, so the count is bounded by what is left of the file.
  if (raw * BigInt(minBytesEach) > BigInt(file.remaining)) {
    throw file.error(
      `header claims ${raw} as the ${what}, needing at least ${raw * BigInt(minBytesEach)} bytes, but only ${file.remaining} remain: the file is truncated or corrupt`,
      details,
      at,
    );
  }
  return Number(raw);
}

function readString(file: FileWindow, what: string, maxBytes: number): string {
  const at = file.offset;
  const length = file.uint64(`${what} length`);
  if (length > BigInt(maxBytes) || length > BigInt(file.remaining)) {
    const why = length > BigInt(maxBytes) ? `the limit is ${maxBytes}` : `only ${file.remaining} bytes remain: the file is truncated or corrupt`;
    throw file.error(`${what} claims a length of ${length} bytes, but ${why}`, { field: what, claimed: length.toString() }, at);
  }
  return file.utf8(Number(length), what);
}

function readValue(file: FileWindow, key: string): GgufValue {
  const at = file.offset;
  const typeId = file.uint32(`type of "${key}"`);
  const type = ggufValueTypeName(typeId);
  if (type === undefined) throw file.error(`metadata "${key}" has unknown value type ${typeId}`, { field: key, typeId }, at);
  if (type !== 'array') return readScalar(file, type, key);

  const itemAt = file.offset;
  const itemTypeId = file.uint32(`item type of "${key}"`);
  const itemType = ggufValueTypeName(itemTypeId);
  if (itemType === undefined || itemType === 'array') {
    const what = itemType === 'array' ? 'nested arrays, which llama.cpp does not support' : `unknown item type ${itemTypeId}`;
    throw file.error(`metadata "${key}" is an array of ${what}`, { field: key, typeId: itemTypeId }, itemAt);
  }
  const lengthAt = file.offset;
  const claimed = file.uint64(`length of "${key}"`);
  const minItemBytes = itemType === 'string' ? 8 : fixedItemSize[itemType];
  if (claimed > BigInt(ggufReadLimits.maxArrayItems) || claimed * BigInt(minItemBytes) > BigInt(file.remaining)) {
    throw file.error(
      `metadata "${key}" claims ${claimed} items of ${itemType}, more than the ${file.remaining} bytes left can hold: the file is truncated or corrupt`,
      { field: key, claimed: claimed.toString() },
      lengthAt,
    );
  }
  return readArray(file, itemType, Number(claimed), key);
}

function readScalar(file: FileWindow, type: GgufItemType, key: string): GgufValue {
  switch (type) {
    case 'uint8':
      return { type, value: file.uint8(key) };
    case 'int8':
      return { type, value: file.int8(key) };
    case 'uint16':
      return { type, value: file.uint16(key) };
    case 'int16':
      return { type, value: file.int16(key) };
    case 'uint32':
      return { type, value: file.uint32(key) };
    case 'int32':
      return { type, value: file.int32(key) };
    case 'float32':
      return { type, value: file.float32(key) };
    case 'float64':
      return { type, value: file.float64(key) };
    case 'uint64':
      return { type, value: file.uint64(key) };
    case 'int64':
      return { type, value: file.int64(key) };
    case 'bool':
      return { type, value: file.uint8(key) !== 0 };
    case 'string':
      return { type, value: readString(file, `value of "${key}"`, ggufReadLimits.maxStringBytes) };
  }
}

function readArray(file: FileWindow, itemType: GgufItemType, length: number, key: string): GgufValue {
  const what = `item of "${key}"`;
  switch (itemType) {
    case 'string': {
      const value: string[] = [];
      for (let index = 0; index < length; index++) value.push(readString(file, `${what} #${index}`, ggufReadLimits.maxStringBytes));
      return { type: 'array', itemType, value };
    }
    case 'bool': {
      const value: boolean[] = [];
      for (let index = 0; index < length; index++) value.push(file.uint8(what) !== 0);
      return { type: 'array', itemType, value };
    }
    case 'uint64':
    case 'int64': {
      const value: bigint[] = [];
      const read = itemType === 'uint64' ? () => file.uint64(what) : () => file.int64(what);
      for (let index = 0; index < length; index++) value.push(read());
      return { type: 'array', itemType, value };
    }
    default: {
      const read = numberReader(file, itemType, what);
      const value: number[] = [];
      for (let index = 0; index < length; index++) value.push(read());
      return { type: 'array', itemType, value };
    }
  }
}

function numberReader(file: FileWindow, type: Exclude<GgufItemType, 'string' | 'bool' | 'uint64' | 'int64'>, what: string): () => number {
  switch (type) {
    case 'uint8':
      return () => file.uint8(what);
    case 'int8':
      return () => file.int8(what);
    case 'uint16':
      return () => file.uint16(what);
    case 'int16':
      return () => file.int16(what);
    case 'uint32':
      return () => file.uint32(what);
    case 'int32':
      return () => file.int32(what);
    case 'float32':
      return () => file.float32(what);
    case 'float64':
      return () => file.float64(what);
  }
}

function readAlignment(file: FileWindow, metadata: GgufMetadata): number {
  const entry = metadata.get('general.alignment');
  if (entry === undefined) return defaultAlignment;
  if (entry.type !== 'uint32' || entry.value === 0 || (entry.value & (entry.value - 1)) !== 0) {
    const shown = entry.type === 'uint32' ? String(entry.value) : `a ${entry.type}`;
    throw file.error(`general.alignment must be a power of two stored as uint32, got ${shown}`, { field: 'general.alignment' }, 0);
  }
  return entry.value;
}

interface RawTensorInfo {
  name: string;
  dims: number[];
  typeId: number;
  relativeOffset: bigint;
  infoOffset: number;
}

function readTensorInfos(file: FileWindow, count: number): RawTensorInfo[] {
  const names = new Set<string>();
  const tensors: RawTensorInfo[] = [];
  for (let index = 0; index < count; index++) {
    const infoOffset = file.offset;
    const name = readString(file, `tensor #${index} name`, ggufReadLimits.maxTensorNameBytes);
    if (names.has(name)) throw file.error(`tensor "${name}" appears twice`, { field: 'tensors', tensor: name }, infoOffset);
    names.add(name);
    const dimsAt = file.offset;
    const dimCount = file.uint32(`dimension count of tensor "${name}"`);
    if (dimCount > ggufReadLimits.maxDims) {
      throw file.error(`tensor "${name}" claims ${dimCount} dimensions (at most ${ggufReadLimits.maxDims})`, { field: 'tensors', tensor: name }, dimsAt);
    }
    const dims: number[] = [];
    let elements = 1;
    for (let axis = 0; axis < dimCount; axis++) {
      const dimAt = file.offset;
      const dim = file.uint64(`dimension ${axis} of tensor "${name}"`);
      elements *= Number(dim);
      if (dim > BigInt(Number.MAX_SAFE_INTEGER) || elements > Number.MAX_SAFE_INTEGER) {
        throw file.error(`tensor "${name}" has an absurd shape (dimension ${axis} is ${dim})`, { field: 'tensors', tensor: name }, dimAt);
      }
      dims.push(Number(dim));
    }
    const typeAt = file.offset;
    const typeId = file.uint32(`type of tensor "${name}"`);
    const type = ggmlTypeById(typeId);
    if (type === undefined) throw file.error(`tensor "${name}" has unknown ggml type ${typeId}`, { field: 'tensors', tensor: name, typeId }, typeAt);
    if ((dims[0] ?? 1) % type.blockSize !== 0) {
      throw file.error(`tensor "${name}" rows of ${dims[0]} elements are not a multiple of ${type.name}'s block of ${type.blockSize}`, {
        field: 'tensors',
        tensor: name,
      }, dimsAt);
    }
    const relativeOffset = file.uint64(`data offset of tensor "${name}"`);
    tensors.push({ name, dims, typeId, relativeOffset, infoOffset });
  }
  return tensors;
}

/** Checks every tensor's data lies inside the file and is aligned — this is what catches a truncated download. */
function placeTensors(file: FileWindow, raw: readonly RawTensorInfo[], dataOffset: number, alignment: number): GgufTensorInfo[] {
  return raw.map((tensor) => {
    // readTensorInfos already resolved the type.
    const type = ggmlTypeById(tensor.typeId)!;
    const elementCount = tensor.dims.reduce((product, dim) => product * dim, 1);
    const byteSize = ggmlTensorBytes(type, elementCount);
    const fileOffset = BigInt(dataOffset) + tensor.relativeOffset;
    const details = { field: 'tensors', tensor: tensor.name };
    if (tensor.relativeOffset % BigInt(alignment) !== 0n) {
      throw file.error(`tensor "${tensor.name}" data offset ${tensor.relativeOffset} is not aligned to ${alignment}`, details, tensor.infoOffset);
    }
    if (fileOffset + BigInt(byteSize) > BigInt(file.size)) {
      throw file.error(
        `file is truncated or corrupt: tensor "${tensor.name}" needs bytes ${fileOffset}–${fileOffset + BigInt(byteSize)} but the file ends at ${file.size}`,
        details,
        tensor.infoOffset,
      );
    }
    return { name: tensor.name, dims: tensor.dims, type: type.name, typeId: type.id, elementCount, byteSize, fileOffset: Number(fileOffset) };
  });
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Convenience accessors that keep callers from switching on value types. */
export function metadataNumber(metadata: GgufMetadata, key: string): number | undefined {
  const entry = metadata.get(key);
  if (entry === undefined) return undefined;
  if (entry.type === 'uint64' || entry.type === 'int64') return Number(entry.value);
  return typeof entry.value === 'number' ? entry.value : undefined;
}

export function metadataString(metadata: GgufMetadata, key: string): string | undefined {
  const entry = metadata.get(key);
  return entry?.type === 'string' ? entry.value : undefined;
}

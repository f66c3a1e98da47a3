import { WorkbenchError } from '../../shared/contract/errors.ts';
import { ggmlTypeByName } from './ggmlTypes.ts';
import { ggufReadLimits } from './ggufReader.ts';
import { ggufValueTypeIds, type GgufItemType, type GgufMetadata, type GgufNumberType, type GgufValue } from './ggufValues.ts';

/** A tensor's entry in the header; its data is laid out separately by the writer. */
export interface GgufTensorHeader {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly number[];
  /** Offset from the start of the data section; must be a multiple of the alignment. */
  readonly relativeOffset: number;
}

/**
 * Little-endian byte builder that grows by doubling, so a 150k-token vocabulary is not 450k tiny buffers.
 * reserve() may swap the buffer, so every write reserves first and only then touches `view`.
 */
class ByteBuilder {
  private buffer = Buffer.alloc(64 * 1024);
  private view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  length = 0;

  private reserve(count: number): number {
    if (this.length + count > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < this.length + count) capacity *= 2;
      const grown = Buffer.alloc(capacity);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
      this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    const at = this.length;
    this.length += count;
    return at;
  }

  uint8(value: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, value);
  }
  int8(value: number): void {
    const at = this.reserve(1);
    this.view.setInt8(at, value);
  }
  uint16(value: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, value, true);
  }
  int16(value: number): void {
    const at = this.reserve(2);
    this.view.setInt16(at, value, true);
  }
  uint32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value, true);
  }
  int32(value: number): void {
    const at = this.reserve(4);
    this.view.setInt32(at, value, true);
  }
  float32(value: number): void {
    const at = this.reserve(4);
    this.view.setFloat32(at, value, true);
  }
  float64(value: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, value, true);
  }
  uint64(value: bigint): void {
    const at = this.reserve(8);
    this.view.setBigUint64(at, value, true);
  }
  int64(value: bigint): void {
    const at = this.reserve(8);
    this.view.setBigInt64(at, value, true);
  }
  string(value: string): void {
    const byteLength = Buffer.byteLength(value, 'utf8');
    this.uint64(BigInt(byteLength));
    const at = this.reserve(byteLength);
    this.buffer.write(value, at, byteLength, 'utf8');
  }
  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.reserve(padding); // Buffer.alloc zero-fills, so the padding is already zeros
  }
  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

const integerRanges: Partial<Record<GgufNumberType, readonly [number, number]>> = {
  uint8: [0, 0xff],
  int8: [-0x80, 0x7f],
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffff_ffff],
  int32: [-0x8000_0000, 0x7fff_ffff],
};

function invalid(key: string, message: string): WorkbenchError {
  return new WorkbenchError('bad_input', `GGUF metadata "${key}": ${message}`, { field: key });
}

function checkNumber(key: string, type: GgufNumberType, value: number): void {
  const range = integerRanges[type];
  if (range === undefined) {
    if (typeof value !== 'number') throw invalid(key, `${String(value)} is not a ${type}`);
    return;
  }
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) throw invalid(key, `${value} is not a valid ${type}`);
}

function checkBigInt(key: string, type: 'uint64' | 'int64', value: bigint): void {
  const ok = type === 'uint64' ? value >= 0n && value < 1n << 64n : value >= -(1n << 63n) && value < 1n << 63n;
  if (typeof value !== 'bigint' || !ok) throw invalid(key, `${String(value)} is not a valid ${type}`);
}

function writeItem(bytes: ByteBuilder, key: string, type: GgufItemType, value: number | bigint | boolean | string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw invalid(key, `${String(value)} is not a string`);
      return bytes.string(value);
    case 'bool':
      if (typeof value !== 'boolean') throw invalid(key, `${String(value)} is not a bool`);
      return bytes.uint8(value ? 1 : 0);
    case 'uint64':
    case 'int64':
      checkBigInt(key, type, value as bigint);
      return type === 'uint64' ? bytes.uint64(value as bigint) : bytes.int64(value as bigint);
    default:
      checkNumber(key, type, value as number);
      return writeNumber(bytes, type, value as number);
  }
}

function writeNumber(bytes: ByteBuilder, type: GgufNumberType, value: number): void {
  switch (type) {
    case 'uint8':
      return bytes.uint8(value);
    case 'int8':
      return bytes.int8(value);
    case 'uint16':
      return bytes.uint16(value);
    case 'int16':
      return bytes.int16(value);
    case 'uint32':
      return bytes.uint32(value);
    case 'int32':
      return bytes.int32(value);
    case 'float32':
      return bytes.float32(value);
    case 'float64':
      return bytes.float64(value);
  }
}

function writeValue(bytes: ByteBuilder, key: string, entry: GgufValue): void {
  if (!(entry.type in ggufValueTypeIds)) throw invalid(key, `unknown value type ${String(entry.type)}`);
  bytes.uint32(ggufValueTypeIds[entry.type]);
  if (entry.type !== 'array') return writeItem(bytes, key, entry.type, entry.value);
  if (!(entry.itemType in ggufValueTypeIds) || entry.itemType === ('array' as string)) {
    throw invalid(key, `arrays of ${String(entry.itemType)} are not supported`);
  }
  bytes.uint32(ggufValueTypeIds[entry.itemType]);
  bytes.uint64(BigInt(entry.value.length));
  for (const item of entry.value) writeItem(bytes, key, entry.itemType, item);
}

/**
 * Encodes everything before the tensor data: magic, version 3, counts, metadata, tensor infos, and the padding
 * up to the first aligned data byte.
 */
export function encodeGgufHeader(metadata: GgufMetadata, tensors: readonly GgufTensorHeader[], alignment: number): Buffer {
  const bytes = new ByteBuilder();
  bytes.uint32(0x46554747); // "GGUF" read as a little-endian uint32
  bytes.uint32(3);
  bytes.uint64(BigInt(tensors.length));
  bytes.uint64(BigInt(metadata.size));
  for (const [key, value] of metadata) {
    if (key.length === 0 || Buffer.byteLength(key) > ggufReadLimits.maxKeyBytes) throw invalid(key, 'keys must be 1 to 65535 bytes');
    bytes.string(key);
    writeValue(bytes, key, value);
  }
  for (const tensor of tensors) {
    const type = ggmlTypeByName(tensor.type);
    if (type === undefined) throw new WorkbenchError('bad_input', `tensor "${tensor.name}": unknown type ${tensor.type}`, { field: tensor.name });
    bytes.string(tensor.name);
    bytes.uint32(tensor.dims.length);
    for (const dim of tensor.dims) bytes.uint64(BigInt(dim));
    bytes.uint32(type.id);
    bytes.uint64(BigInt(tensor.relativeOffset));
  }
  if (tensors.length > 0) bytes.padTo(alignment);
  return bytes.toBuffer();
}

import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { beginAtomicFile } from '../store/atomicWrite.ts';
import { float32ToFloat16Bits } from './float16.ts';
import { ggmlTensorBytes, ggmlTypeByName } from './ggmlTypes.ts';
import { encodeGgufHeader, type GgufTensorHeader } from './ggufHeaderEncoder.ts';
import { ggufReadLimits } from './ggufReader.ts';
import { gguf, type GgufMetadata, type GgufValue } from './ggufValues.ts';

export type GgufWritableTensorType = 'F32' | 'F16';

export interface GgufTensorSource {
  readonly name: string;
  /** Storage type; values are always supplied as float32 and converted while streaming. */
  readonly type: GgufWritableTensorType;
  /** ggml order: dims[0] is the row length. */
  readonly dims: readonly number[];
  /**
   * The tensor's values in ggml order: whole, or as consecutive chunks produced on demand so a large model is
   * never held in memory at once.
   */
  readonly values: Float32Array | (() => Iterable<Float32Array>);
}

export interface GgufWriteInput {
  readonly metadata: GgufMetadata;
  readonly tensors: readonly GgufTensorSource[];
  /** Data alignment; anything but the default 32 is recorded as general.alignment. */
  readonly alignment?: number;
}

const defaultAlignment = 32;
const flushBytes = 4 * 1024 * 1024;

/**
 * Writes a GGUF v3 file: header, then each tensor's data streamed in order at aligned offsets. The file appears
 * at `path` only when complete (temp file → fsync → rename); on any error the temp file is removed.
 */
export async function writeGguf(path: string, input: GgufWriteInput): Promise<{ path: string; sizeBytes: number }> {
  const alignment = input.alignment ?? defaultAlignment;
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new WorkbenchError('bad_input', `GGUF alignment must be a power of two, got ${alignment}`, { field: 'alignment' });
  }
  const metadata = withAlignment(input.metadata, alignment);
  const headers = layOutTensors(input.tensors, alignment);
  const header = encodeGgufHeader(metadata, headers, alignment);

  const target = beginAtomicFile(path);
  const handle = await open(target.tempPath, 'w').catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : (error.code ?? error.message);
    throw new WorkbenchError('bad_input', `Cannot write ${path}: ${why}`, { file: path });
  });
  let sizeBytes: number;
  try {
    const out = new ChunkedOutput(async (chunk) => {
      let done = 0;
      while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
    });
    await out.push(header);
    for (const tensor of input.tensors) await writeTensorData(out, tensor, alignment);
    await out.flush();
    sizeBytes = out.written;
  } catch (error) {
    await handle.close();
    target.abandon();
    throw error;
  }
  await handle.close();
  target.commit();
  return { path, sizeBytes };
}

function withAlignment(metadata: GgufMetadata, alignment: number): GgufMetadata {
  const stored = metadata.get('general.alignment');
  if (stored !== undefined) {
    if (stored.type !== 'uint32' || stored.value !== alignment) {
      throw new WorkbenchError('bad_input', 'general.alignment in the metadata disagrees with the alignment option', { field: 'general.alignment' });
    }
    return metadata;
  }
  if (alignment === defaultAlignment) return metadata;
  return new Map<string, GgufValue>([...metadata, ['general.alignment', gguf.uint32(alignment)]]);
}

function elementCountOf(tensor: GgufTensorSource): number {
  return tensor.dims.reduce((product, dim) => product * dim, 1);
}

function layOutTensors(tensors: readonly GgufTensorSource[], alignment: number): GgufTensorHeader[] {
  const names = new Set<string>();
  let offset = 0;
  return tensors.map((tensor) => {
    const problem = tensorProblem(tensor, names);
    if (problem) throw new WorkbenchError('bad_input', `tensor "${tensor.name}": ${problem}`, { field: tensor.name });
    names.add(tensor.name);
    const header = { name: tensor.name, type: tensor.type, dims: tensor.dims, relativeOffset: offset };
    // The type exists: tensorProblem checked it.
    const bytes = ggmlTensorBytes(ggmlTypeByName(tensor.type)!, elementCountOf(tensor));
    offset += Math.ceil(bytes / alignment) * alignment;
    return header;
  });
}

function tensorProblem(tensor: GgufTensorSource, seen: ReadonlySet<string>): string | null {
  if (seen.has(tensor.name)) return 'the name is used twice';
  const nameBytes = Buffer.byteLength(tensor.name);
  if (nameBytes === 0 || nameBytes > ggufReadLimits.maxTensorNameBytes) return `names must be 1 to ${ggufReadLimits.maxTensorNameBytes} bytes`;
  if (tensor.type !== 'F32' && tensor.type !== 'F16') return `only F32 and F16 tensors can be written, not ${String(tensor.type)}`;
  if (tensor.dims.length < 1 || tensor.dims.length > ggufReadLimits.maxDims) return `needs 1 to ${ggufReadLimits.maxDims} dimensions`;
  if (!tensor.dims.every((dim) => Number.isSafeInteger(dim) && dim > 0)) return `dimensions must be positive integers, got [${tensor.dims.join(', ')}]`;
  if (tensor.values instanceof Float32Array && tensor.values.length !== elementCountOf(tensor)) {
    return `has ${tensor.values.length} values for shape [${tensor.dims.join(', ')}] (${elementCountOf(tensor)} elements)`;
  }
  return null;
}

async function writeTensorData(out: ChunkedOutput, tensor: GgufTensorSource, alignment: number): Promise<void> {
  const expected = elementCountOf(tensor);
  let seen = 0;
  const chunks = tensor.values instanceof Float32Array ? [tensor.values] : tensor.values();
  for (const chunk of chunks) {
    seen += chunk.length;
    if (seen > expected) break;
    await out.push(tensor.type === 'F32' ? float32Bytes(chunk) : float16Bytes(chunk));
  }
  if (seen !== expected) {
    throw new WorkbenchError('bad_input', `tensor "${tensor.name}": its values ran to ${seen} elements, the shape needs ${expected}`, {
      field: tensor.name,
    });
  }
  await out.padTo(alignment);
}

/** GGUF is little-endian, as is every platform Node ships for, so float32 memory is already the file's bytes. */
function float32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function float16Bytes(values: Float32Array): Uint8Array {
  const half = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) half[index] = float32ToFloat16Bits(values[index]!);
  return new Uint8Array(half.buffer);
}

/** Batches small writes into large ones; keeps the running byte count for alignment padding. */
class ChunkedOutput {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  written = 0;

  constructor(private readonly sink: (chunk: Uint8Array) => Promise<void>) {}

  async push(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    // Copy: callers may reuse the array they handed us for the next chunk.
    this.pending.push(Uint8Array.prototype.slice.call(bytes));
    this.pendingBytes += bytes.length;
    this.written += bytes.length;
    if (this.pendingBytes >= flushBytes) await this.flush();
  }

  async padTo(alignment: number): Promise<void> {
    const padding = (alignment - (this.written % alignment)) % alignment;
    if (padding > 0) await this.push(new Uint8Array(padding));
  }

  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.sink(chunk);
  }
}

import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { writeFileAtomic } from '../../store/atomicWrite.ts';
import { encodeFloats, floatDTypeBytes, type FloatDType } from './floatFormats.ts';

export interface SafetensorsTensorToWrite {
  readonly name: string;
  readonly dtype: FloatDType;
  /** Row-major (PyTorch) order: shape[0] is the outermost dimension. */
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * Encodes a safetensors file the way the reference implementation lays it out: data ordered by the type's
 * alignment (largest first) then by name, the JSON header padded with spaces to a multiple of 8 bytes so the
 * data section starts aligned.
 */
export function encodeSafetensors(tensors: readonly SafetensorsTensorToWrite[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const seen = new Set<string>();
  for (const tensor of tensors) {
    if (tensor.name === '__metadata__' || tensor.name === '') throw new WorkbenchError('bad_input', `"${tensor.name}" cannot name a tensor`, { field: tensor.name });
    if (seen.has(tensor.name)) throw new WorkbenchError('bad_input', `tensor "${tensor.name}" appears twice`, { field: tensor.name });
    seen.add(tensor.name);
    const elements = tensor.shape.reduce((product, dim) => product * dim, 1);
    if (elements !== tensor.values.length) {
      throw new WorkbenchError('bad_input', `tensor "${tensor.name}" has ${tensor.values.length} values for shape [${tensor.shape.join(', ')}]`, { field: tensor.name });
    }
  }
  const ordered = [...tensors].sort((a, b) => floatDTypeBytes[b.dtype] - floatDTypeBytes[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of ordered) {
    const bytes = encodeFloats(tensor.values, tensor.dtype);
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const paddedLength = Math.ceil(json.length / 8) * 8;
  const out = Buffer.alloc(8 + paddedLength + offset, 0x20);
  out.writeBigUInt64LE(BigInt(paddedLength), 0);
  json.copy(out, 8);
  let at = 8 + paddedLength;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Writes the file atomically (temp → fsync → rename). */
export async function writeSafetensors(path: string, tensors: readonly SafetensorsTensorToWrite[], metadata?: Readonly<Record<string, string>>): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

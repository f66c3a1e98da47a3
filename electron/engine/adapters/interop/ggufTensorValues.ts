import { closeSync, openSync, readSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { GgufFile, GgufTensorInfo } from '../../gguf/ggufReader.ts';
import { decodeFloats, type FloatDType } from './floatFormats.ts';

export function ggufFloatType(tensor: GgufTensorInfo): FloatDType | null {
  return tensor.type === 'F32' || tensor.type === 'F16' || tensor.type === 'BF16' ? tensor.type : null;
}

/** A float tensor's values from a GGUF file, in ggml order (row after row of dims[0] values). */
export function readGgufTensorValues(file: GgufFile, tensor: GgufTensorInfo): Float32Array {
  const type = ggufFloatType(tensor);
  if (type === null) {
    throw new WorkbenchError('unsupported', `${file.path}: tensor "${tensor.name}" is ${tensor.type}; only F32, F16 and BF16 tensors can be converted`, {
      file: file.path,
      field: tensor.name,
    }, reason('interop_tensor_type_unsupported', { file: file.path, tensor: tensor.name, type: String(tensor.type) }));
  }
  const bytes = Buffer.alloc(tensor.byteSize);
  const fd = openSync(file.path, 'r');
  try {
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(fd, bytes, done, bytes.length - done, tensor.fileOffset + done);
      if (read === 0) throw new WorkbenchError('bad_input', `${file.path}: tensor "${tensor.name}" is cut short`, { file: file.path, field: tensor.name }, reason('interop_tensor_truncated', { file: file.path, tensor: tensor.name }));
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return decodeFloats(bytes, type);
}

/**
 * Tensor element types a GGUF file may hold (ggml.h `ggml_type`), with the block layout needed to compute a
 * tensor's byte size without reading it. Removed ids (4, 5, 31–33, 36–38) are absent on purpose: a file using
 * them cannot be loaded by today's llama.cpp.
 */
export interface GgmlTypeInfo {
  readonly id: number;
  readonly name: string;
  /** Elements per block; a row's element count must be a multiple of it. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly typeSize: number;
}

const qkK = 256;

const table: readonly GgmlTypeInfo[] = [
  { id: 0, name: 'F32', blockSize: 1, typeSize: 4 },
  { id: 1, name: 'F16', blockSize: 1, typeSize: 2 },
  { id: 2, name: 'Q4_0', blockSize: 32, typeSize: 2 + 16 },
  { id: 3, name: 'Q4_1', blockSize: 32, typeSize: 2 + 2 + 16 },
  { id: 6, name: 'Q5_0', blockSize: 32, typeSize: 2 + 4 + 16 },
  { id: 7, name: 'Q5_1', blockSize: 32, typeSize: 2 + 2 + 4 + 16 },
  { id: 8, name: 'Q8_0', blockSize: 32, typeSize: 2 + 32 },
  { id: 9, name: 'Q8_1', blockSize: 32, typeSize: 2 + 2 + 32 },
  { id: 10, name: 'Q2_K', blockSize: qkK, typeSize: 2 + 2 + qkK / 16 + qkK / 4 },
  { id: 11, name: 'Q3_K', blockSize: qkK, typeSize: 2 + qkK / 4 + qkK / 8 + 12 },
  { id: 12, name: 'Q4_K', blockSize: qkK, typeSize: 2 + 2 + qkK / 2 + 12 },
  { id: 13, name: 'Q5_K', blockSize: qkK, typeSize: 2 + 2 + qkK / 2 + qkK / 8 + 12 },
  { id: 14, name: 'Q6_K', blockSize: qkK, typeSize: 2 + qkK / 2 + qkK / 4 + qkK / 16 },
  { id: 15, name: 'Q8_K', blockSize: qkK, typeSize: 4 + qkK + qkK / 8 },
  { id: 16, name: 'IQ2_XXS', blockSize: qkK, typeSize: 2 + qkK / 4 },
  { id: 17, name: 'IQ2_XS', blockSize: qkK, typeSize: 2 + qkK / 4 + qkK / 32 },
  { id: 18, name: 'IQ3_XXS', blockSize: qkK, typeSize: 2 + qkK / 4 + qkK / 8 },
  { id: 19, name: 'IQ1_S', blockSize: qkK, typeSize: 2 + qkK / 8 + qkK / 16 },
  { id: 20, name: 'IQ4_NL', blockSize: 32, typeSize: 2 + 16 },
  { id: 21, name: 'IQ3_S', blockSize: qkK, typeSize: 2 + qkK / 4 + qkK / 8 + qkK / 32 + 4 },
  { id: 22, name: 'IQ2_S', blockSize: qkK, typeSize: 2 + qkK / 4 + qkK / 16 },
  { id: 23, name: 'IQ4_XS', blockSize: qkK, typeSize: 2 + 2 + qkK / 2 + qkK / 64 },
  { id: 24, name: 'I8', blockSize: 1, typeSize: 1 },
  { id: 25, name: 'I16', blockSize: 1, typeSize: 2 },
  { id: 26, name: 'I32', blockSize: 1, typeSize: 4 },
  { id: 27, name: 'I64', blockSize: 1, typeSize: 8 },
  { id: 28, name: 'F64', blockSize: 1, typeSize: 8 },
  { id: 29, name: 'IQ1_M', blockSize: qkK, typeSize: qkK / 8 + qkK / 16 + qkK / 32 },
  { id: 30, name: 'BF16', blockSize: 1, typeSize: 2 },
  { id: 34, name: 'TQ1_0', blockSize: qkK, typeSize: 2 + 4 * 13 },
  { id: 35, name: 'TQ2_0', blockSize: qkK, typeSize: 2 + 64 },
  { id: 39, name: 'MXFP4', blockSize: 32, typeSize: 1 + 16 },
  { id: 40, name: 'NVFP4', blockSize: 64, typeSize: 4 + 32 },
  { id: 41, name: 'Q1_0', blockSize: 128, typeSize: 2 + 16 },
  { id: 42, name: 'Q2_0', blockSize: 64, typeSize: 2 + 16 },
];

const byId = new Map(table.map((info) => [info.id, info]));
const byName = new Map(table.map((info) => [info.name, info]));

export function ggmlTypeById(id: number): GgmlTypeInfo | undefined {
  return byId.get(id);
}

export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  return byName.get(name);
}

/** Bytes a tensor of this type and element count occupies (the element count must fill whole blocks). */
export function ggmlTensorBytes(type: GgmlTypeInfo, elementCount: number): number {
  return (elementCount / type.blockSize) * type.typeSize;
}

/**
 * `general.file_type` (llama.h `llama_ftype`) → the name people use for a model's quantization. "Mostly" types
 * keep 1-D tensors (norms) in F32, which is why the file type and the tensor types can differ.
 */
const fileTypeNames: ReadonlyMap<number, string> = new Map([
  [0, 'F32'],
  [1, 'F16'],
  [2, 'Q4_0'],
  [3, 'Q4_1'],
  [7, 'Q8_0'],
  [8, 'Q5_0'],
  [9, 'Q5_1'],
  [10, 'Q2_K'],
  [11, 'Q3_K_S'],
  [12, 'Q3_K_M'],
  [13, 'Q3_K_L'],
  [14, 'Q4_K_S'],
  [15, 'Q4_K_M'],
  [16, 'Q5_K_S'],
  [17, 'Q5_K_M'],
  [18, 'Q6_K'],
  [19, 'IQ2_XXS'],
  [20, 'IQ2_XS'],
  [21, 'Q2_K_S'],
  [22, 'IQ3_XS'],
  [23, 'IQ3_XXS'],
  [24, 'IQ1_S'],
  [25, 'IQ4_NL'],
  [26, 'IQ3_S'],
  [27, 'IQ3_M'],
  [28, 'IQ2_S'],
  [29, 'IQ2_M'],
  [30, 'IQ4_XS'],
  [31, 'IQ1_M'],
  [32, 'BF16'],
  [36, 'TQ1_0'],
  [37, 'TQ2_0'],
  [38, 'MXFP4_MOE'],
  [39, 'NVFP4'],
  [40, 'Q1_0'],
  [41, 'Q2_0'],
]);

export function llamaFileTypeName(fileType: number): string | undefined {
  return fileTypeNames.get(fileType);
}

/** The `general.file_type` id a writer should store for a model whose matrices are of this tensor type. */
export function llamaFileTypeFor(tensorType: 'F32' | 'F16'): number {
  return tensorType === 'F32' ? 0 : 1;
}

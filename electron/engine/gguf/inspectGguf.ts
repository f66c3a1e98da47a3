import { ggmlTypeById, llamaFileTypeName } from './ggmlTypes.ts';
import type { GgufInspection, GgufMetadataSummaryValue } from './ggufInspection.ts';
import { metadataNumber, metadataString, readGguf, type GgufFile } from './ggufReader.ts';
import type { GgufMetadata, GgufValue } from './ggufValues.ts';

const maxShownStringLength = 256;

/** Reads only the header of a GGUF file and summarises what a person choosing a model wants to know. */
export function inspectGguf(path: string): GgufInspection {
  return inspectGgufFile(readGguf(path));
}

export function inspectGgufFile(file: GgufFile): GgufInspection {
  const { metadata } = file;
  const architecture = metadataString(metadata, 'general.architecture') ?? null;
  const hyper = (suffix: string): number | null => (architecture ? perLayerMax(metadata, `${architecture}.${suffix}`) : null);
  const heads = hyper('attention.head_count');
  const tokens = metadata.get('tokenizer.ggml.tokens');
  const tokenTexts = tokens?.type === 'array' && tokens.itemType === 'string' ? tokens.value : undefined;
  const chatTemplate = metadataString(metadata, 'tokenizer.chat_template');

  const tensorTypes: Record<string, number> = {};
  for (const tensor of file.tensors) tensorTypes[tensor.type] = (tensorTypes[tensor.type] ?? 0) + 1;

  return {
    path: file.path,
    ggufVersion: file.version,
    architecture,
    kind: metadataString(metadata, 'general.type') ?? 'model',
    name: metadataString(metadata, 'general.name') ?? null,
    parameterCount: file.tensors.reduce((sum, tensor) => sum + tensor.elementCount, 0),
    fileType: fileTypeOf(file),
    contextLength: hyper('context_length'),
    vocabSize: tokenTexts?.length ?? hyper('vocab_size') ?? embeddingRows(file),
    tokenizerModel: metadataString(metadata, 'tokenizer.ggml.model') ?? null,
    specialTokens: specialTokens(metadata, tokenTexts),
    hasChatTemplate: chatTemplate !== undefined && chatTemplate.length > 0,
    ...(chatTemplate !== undefined ? { chatTemplate } : {}),
    layers: hyper('block_count'),
    embd: hyper('embedding_length'),
    heads,
    // llama.cpp treats a missing KV head count as "same as heads" (no grouped-query attention).
    kvHeads: hyper('attention.head_count_kv') ?? heads,
    ffn: hyper('feed_forward_length'),
    sizeBytes: file.sizeBytes,
    tensorCount: file.tensors.length,
    tensorTypes,
    metadata: summariseMetadata(metadata),
  };
}

/** Some architectures store per-layer values as arrays (e.g. KV heads varying by layer); report the largest. */
function perLayerMax(metadata: GgufMetadata, key: string): number | null {
  const entry = metadata.get(key);
  if (entry?.type === 'array') {
    if (entry.itemType === 'string' || entry.itemType === 'bool' || entry.value.length === 0) return null;
    return Math.max(...entry.value.map(Number));
  }
  return metadataNumber(metadata, key) ?? null;
}

function embeddingRows(file: GgufFile): number | null {
  const embedding = file.tensors.find((tensor) => tensor.name === 'token_embd.weight');
  return embedding?.dims[1] ?? null;
}

function fileTypeOf(file: GgufFile): string | null {
  const stated = metadataNumber(file.metadata, 'general.file_type');
  if (stated !== undefined) return llamaFileTypeName(stated) ?? `unknown (${stated})`;
  // Not stated: the type holding most of the matrix weights is what people mean by the model's quantization.
  const elementsByType = new Map<number, number>();
  for (const tensor of file.tensors) {
    if (tensor.dims.length < 2) continue;
    elementsByType.set(tensor.typeId, (elementsByType.get(tensor.typeId) ?? 0) + tensor.elementCount);
  }
  const [dominant] = [...elementsByType.entries()].sort((a, b) => b[1] - a[1]);
  return dominant ? (ggmlTypeById(dominant[0])?.name ?? null) : null;
}

const roleNames: Readonly<Record<string, string>> = { unknown: 'unk', padding: 'pad', seperator: 'sep', separator: 'sep' };

function specialTokens(metadata: GgufMetadata, tokenTexts: readonly string[] | undefined): GgufInspection['specialTokens'] {
  const found: GgufInspection['specialTokens'] = {};
  for (const key of metadata.keys()) {
    const match = /^tokenizer\.ggml\.(\w+)_token_id$/.exec(key);
    const id = match ? metadataNumber(metadata, key) : undefined;
    if (!match || id === undefined) continue;
    const role = roleNames[match[1]!] ?? match[1]!;
    found[role] = { id, text: tokenTexts?.[id] ?? null };
  }
  return found;
}

function summariseMetadata(metadata: GgufMetadata): Record<string, GgufMetadataSummaryValue> {
  const summary: Record<string, GgufMetadataSummaryValue> = {};
  for (const [key, value] of metadata) summary[key] = summariseValue(value);
  return summary;
}

function summariseValue(entry: GgufValue): GgufMetadataSummaryValue {
  switch (entry.type) {
    case 'array':
      return { omitted: 'array', itemType: entry.itemType, length: entry.value.length };
    case 'string':
      return entry.value.length <= maxShownStringLength ? entry.value : { omitted: 'string', length: entry.value.length };
    case 'uint64':
    case 'int64':
      // JSON has no 64-bit integers; beyond 2^53 the exact digits are kept as a string.
      return entry.value <= BigInt(Number.MAX_SAFE_INTEGER) && entry.value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(entry.value) : entry.value.toString();
    case 'bool':
      return entry.value;
    case 'float32':
      return shortestFloat32(entry.value);
    default:
      // JSON cannot carry NaN or Infinity.
      return Number.isFinite(entry.value) ? entry.value : String(entry.value);
  }
}

/** The shortest decimal that reads back as the same float32: 1e-5 rather than 0.000009999999747378752. */
function shortestFloat32(value: number): number | string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

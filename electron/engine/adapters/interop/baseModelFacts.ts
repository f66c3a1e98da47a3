import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { metadataNumber, metadataString, readGguf, type GgufFile } from '../../gguf/ggufReader.ts';

/** GGUF architectures whose tensors map one to one onto Hugging Face's, and whether their converter reorders q/k rows. */
const architectures: Readonly<Record<string, { readonly permutesQK: boolean }>> = {
  // convert_hf_to_gguf.py's LlamaModel (llama, mistral and their fine-tunes) reorders q/k for llama.cpp's RoPE.
  llama: { permutesQK: true },
  // These use NeoX-style RoPE in llama.cpp, the same rotate-half layout as Hugging Face: rows stay as they are.
  qwen2: { permutesQK: false },
  qwen3: { permutesQK: false },
  gemma: { permutesQK: false },
  gemma2: { permutesQK: false },
  gemma3: { permutesQK: false },
};

export const supportedArchitectures = Object.keys(architectures);

/** Whether convert_hf_to_gguf.py reorders q/k rows for this architecture; undefined for architectures not mapped. */
export function architecturePermutesQK(architecture: string): boolean | undefined {
  return architectures[architecture]?.permutesQK;
}

export interface BaseModelFacts {
  readonly path: string;
  readonly architecture: string;
  readonly permutesQK: boolean;
  readonly headCount: number;
  readonly headCountKv: number;
  /** ggml dims [inputs, outputs] of every 2-D tensor, by name. */
  readonly matrices: ReadonlyMap<string, readonly [number, number]>;
  readonly name: string | null;
  readonly file: GgufFile;
}

/** What an adapter must agree with: the base GGUF's architecture, head counts and matrix shapes. */
export function readBaseModelFacts(path: string): BaseModelFacts {
  const file = readGguf(path);
  const type = metadataString(file.metadata, 'general.type');
  if (type === 'adapter') throw new WorkbenchError('bad_input', `${path} is a LoRA adapter, not a base model`, { field: 'base', file: path }, reason('file_is_adapter', { file: path }));
  const architecture = metadataString(file.metadata, 'general.architecture');
  if (architecture === undefined) throw new WorkbenchError('bad_input', `${path} has no general.architecture`, { field: 'base', file: path }, reason('file_field_invalid', { file: path, field: 'general.architecture' }));
  const known = architectures[architecture];
  if (!known) {
    throw new WorkbenchError('unsupported', `Base architecture "${architecture}" (${path}) has no tensor map for adapter conversion yet; supported: ${supportedArchitectures.join(', ')}`, {
      field: 'base',
      file: path,
      architecture,
    }, reason('interop_architecture_unsupported', { architecture, supported: supportedArchitectures.join(', ') }));
  }
  const headCount = metadataNumber(file.metadata, `${architecture}.attention.head_count`);
  // A missing KV head count means no grouped-query attention, as llama.cpp reads it.
  const headCountKv = metadataNumber(file.metadata, `${architecture}.attention.head_count_kv`) ?? headCount;
  if (headCount === undefined || headCountKv === undefined) {
    throw new WorkbenchError('bad_input', `${path}: ${architecture}.attention.head_count is missing or varies by layer`, { field: `${architecture}.attention.head_count`, file: path }, reason('file_field_invalid', { file: path, field: `${architecture}.attention.head_count` }));
  }
  const matrices = new Map<string, readonly [number, number]>();
  for (const tensor of file.tensors) if (tensor.dims.length === 2) matrices.set(tensor.name, [tensor.dims[0]!, tensor.dims[1]!]);
  return { path, architecture, permutesQK: known.permutesQK, headCount, headCountKv, matrices, name: metadataString(file.metadata, 'general.name') ?? null, file };
}

/** The head count convert_hf_to_gguf.py permutes a target's rows with, or null when the target is not reordered. */
export function qkHeadsFor(base: Pick<BaseModelFacts, 'permutesQK' | 'headCount' | 'headCountKv'>, target: string): number | null {
  if (!base.permutesQK) return null;
  if (/^blk\.\d+\.attn_q\.weight$/.test(target)) return base.headCount;
  if (/^blk\.\d+\.attn_k\.weight$/.test(target)) return base.headCountKv;
  return null;
}

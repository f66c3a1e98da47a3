import { writeGguf, type GgufTensorSource } from '../../gguf/ggufWriter.ts';
import { gguf, type GgufValue } from '../../gguf/ggufValues.ts';
import type { LoraPair } from './loraPair.ts';

export interface GgufLoraWriteInput {
  readonly architecture: string;
  readonly alpha: number;
  readonly name: string;
  readonly pairs: readonly LoraPair[];
  /** More keys (provenance); they never override the adapter keys above. */
  readonly extra?: readonly (readonly [string, GgufValue])[];
}

/**
 * llama.cpp's LoRA adapter format (src/llama-adapter.cpp): general.type = adapter, adapter.type = lora,
 * adapter.lora.alpha, and per adapted weight W of ggml dims [in, out] a `<W>.lora_a` of [in, rank] and a
 * `<W>.lora_b` of [rank, out]. Values are already in that byte order (see LoraPair); F16 sources stay F16.
 */
export async function writeGgufLoraAdapter(path: string, input: GgufLoraWriteInput): Promise<{ path: string; sizeBytes: number }> {
  const tensors: GgufTensorSource[] = input.pairs.flatMap((pair): GgufTensorSource[] => {
    const type = pair.dtype === 'F16' ? 'F16' : 'F32';
    return [
      { name: `${pair.target}.lora_a`, type, dims: [pair.inputs, pair.rank], values: pair.a },
      { name: `${pair.target}.lora_b`, type, dims: [pair.rank, pair.outputs], values: pair.b },
    ];
  });
  const ranks = new Set(input.pairs.map((pair) => pair.rank));
  const metadata = new Map<string, GgufValue>(input.extra ?? []);
  for (const [key, value] of [
    ['general.architecture', gguf.string(input.architecture)],
    ['general.type', gguf.string('adapter')],
    ['general.name', gguf.string(input.name)],
    ['adapter.type', gguf.string('lora')],
    ['adapter.lora.alpha', gguf.float32(input.alpha)],
  ] as const) {
    metadata.set(key, value);
  }
  if (ranks.size === 1) metadata.set('workbench.lora.rank', gguf.uint32([...ranks][0]!));
  // Adapter keys first, as llama.cpp's own converter writes them; the order is cosmetic.
  const ordered = new Map([...metadata].sort(([a], [b]) => rankOf(a) - rankOf(b)));
  return writeGguf(path, { metadata: ordered, tensors });
}

function rankOf(key: string): number {
  return key.startsWith('general.') ? 0 : key.startsWith('adapter.') ? 1 : 2;
}

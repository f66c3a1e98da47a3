import type { FloatDType } from './floatFormats.ts';

/**
 * One adapted matrix in the layout every format here shares once read: PyTorch/PEFT row-major order, which is
 * also the byte order of llama.cpp's GGUF tensors (a ggml tensor of ne [in, rank] is `rank` rows of `in` values).
 *
 *   a: [rank, inputs]   = PEFT lora_A.weight = GGUF `<target>.lora_a` (ne [inputs, rank])
 *   b: [outputs, rank]  = PEFT lora_B.weight = GGUF `<target>.lora_b` (ne [rank, outputs])
 *
 * The update it makes is W += scale · B·A, with scale = alpha / rank as llama.cpp computes it.
 */
export interface LoraPair {
  /** The base weight it adapts, by its GGUF name: `blk.3.attn_q.weight`. */
  readonly target: string;
  /** The module it came from in the source format, for messages: `model.layers.3.self_attn.q_proj`. */
  readonly source: string;
  readonly rank: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** The alpha that gives this pair's scale under llama.cpp's alpha / rank. */
  readonly alpha: number;
  /** How the source stored the values (the GGUF keeps F16 as F16; BF16 becomes the exact F32). */
  readonly dtype: FloatDType;
}

export function withB(pair: LoraPair, b: Float32Array): LoraPair {
  return { ...pair, b };
}

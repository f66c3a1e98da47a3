import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { writeGguf, type GgufTensorSource } from './ggufWriter.ts';
import { gguf } from './ggufValues.ts';
import { llamaTensorPlan, seededValues } from './makeRandomLlamaModel.ts';
import { resolveLlamaModelShape, type LlamaModelShapeInput } from './llamaModelShape.ts';

/** The llama matrices a LoRA adapter may target, by their name inside a block. */
export const loraTargetNames = ['attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_gate', 'ffn_up', 'ffn_down'] as const;
export type LoraTarget = (typeof loraTargetNames)[number];

export const randomLoraOptionsSchema = z
  .object({
    rank: z.number().int().min(1).max(4096).default(4),
    /** llama.cpp scales B·A by alpha / rank. */
    alpha: z.number().positive().default(4),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    targets: z.array(z.enum(loraTargetNames)).min(1).default([...loraTargetNames]),
  })
  .strict();
export type RandomLoraOptions = z.input<typeof randomLoraOptionsSchema>;

export interface GeneratedLoraAdapter {
  readonly path: string;
  readonly sizeBytes: number;
  readonly rank: number;
  readonly alpha: number;
  readonly tensorCount: number;
}

/**
 * Writes a LoRA adapter in llama.cpp's GGUF adapter format for a base model of the given shape.
 *
 * llama.cpp (src/llama-adapter.cpp) pairs `<weight>.lora_a` with `<weight>.lora_b` and, for a base weight of
 * ggml dims [in, out], expects A as [in, rank] and B as [rank, out], then adds scale · alpha/rank · B·A.
 * B is random rather than zero (as training would start) so the adapter visibly changes the model's outputs.
 */
export async function makeRandomLoraAdapter(
  path: string,
  baseShapeInput: LlamaModelShapeInput = {},
  optionsInput: RandomLoraOptions = {},
): Promise<GeneratedLoraAdapter> {
  const baseShape = resolveLlamaModelShape(baseShapeInput);
  const parsed = randomLoraOptionsSchema.safeParse(optionsInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'options';
    throw new WorkbenchError('bad_input', `LoRA adapter: ${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  const { rank, alpha, seed, targets } = parsed.data;
  const wanted = new Set<string>(targets);

  const tensors: GgufTensorSource[] = [];
  for (const base of llamaTensorPlan(baseShape)) {
    const match = /^blk\.\d+\.(\w+)\.weight$/.exec(base.name);
    if (!match || !wanted.has(match[1]!) || base.dims.length !== 2) continue;
    const [inputs, outputs] = base.dims;
    const a = `${base.name}.lora_a`;
    const b = `${base.name}.lora_b`;
    tensors.push(
      { name: a, type: 'F32', dims: [inputs, rank], values: seededValues(seed, a, inputs * rank, { kind: 'normal', std: 1 / Math.sqrt(inputs) }) },
      { name: b, type: 'F32', dims: [rank, outputs], values: seededValues(seed, b, rank * outputs, { kind: 'normal', std: 1 / Math.sqrt(rank) }) },
    );
  }

  const metadata = new Map([
    ['general.architecture', gguf.string('llama')],
    ['general.type', gguf.string('adapter')],
    ['general.name', gguf.string(`random LoRA r${rank} (seed ${seed})`)],
    ['adapter.type', gguf.string('lora')],
    ['adapter.lora.alpha', gguf.float32(alpha)],
  ]);
  const written = await writeGguf(path, { metadata, tensors });
  return { path: written.path, sizeBytes: written.sizeBytes, rank, alpha, tensorCount: tensors.length };
}

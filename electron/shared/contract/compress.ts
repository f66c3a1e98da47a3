import { z } from 'zod';
import { method } from './define.ts';
import { modelEntrySchema } from './models.ts';

/**
 * Compress a model: quantize it with llama.cpp's own quantizer, bake a LoRA adapter into it (export-lora), and
 * list a model's variants (its quantized and merged copies) side by side. The new files join the model library,
 * each linked to the model it came from.
 */

/** What the quantizer writes; Q4_K_M / Q5_K_M are llama.cpp's mixed recipes (some tensors kept at Q6_K). */
export const quantizeTypeSchema = z.enum(['Q8_0', 'Q6_K', 'Q5_K_M', 'Q4_K_M', 'Q4_0', 'F16', 'BF16', 'F32']);
export type QuantizeTypeName = z.infer<typeof quantizeTypeSchema>;

const pathSchema = z.string().trim().min(1).max(4096);

export const quantizeInputSchema = z
  .object({
    /** A library model (id or name) or a GGUF file: F32, F16 or BF16. */
    model: pathSchema,
    type: quantizeTypeSchema,
    /** Where to write; default: next to the source, `<name>-<TYPE>.gguf`. */
    output: pathSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type QuantizeInput = z.infer<typeof quantizeInputSchema>;

export const mergeInputSchema = z
  .object({
    model: pathSchema,
    /** A library adapter id or a GGUF LoRA adapter file. */
    adapter: pathSchema,
    scale: z.number().min(-4).max(4).default(1),
    /** Re-quantize the merged model to this type. */
    type: quantizeTypeSchema.optional(),
    output: pathSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type MergeInput = z.infer<typeof mergeInputSchema>;

/** Job progress data of 'quantize' and 'merge' jobs. */
export const compressProgressSchema = z.object({
  stage: z.enum(['merge', 'quantize']),
  tensorsDone: z.number().int().min(0),
  tensorsTotal: z.number().int().min(0),
});
export type CompressProgress = z.infer<typeof compressProgressSchema>;

/** The result of a 'quantize' or 'merge' job. */
export const compressResultSchema = z.object({
  model: modelEntrySchema,
  sourceModelId: z.string().nullable(),
  operation: z.enum(['quantize', 'merge']),
  /** The output's weight type: the quantize type, or the merge's re-quantize type, else null (the base's types). */
  type: quantizeTypeSchema.nullable(),
  outputPath: z.string(),
  sizeBytes: z.number(),
  sourceSizeBytes: z.number(),
  /** sizeBytes / sourceSizeBytes */
  sizeRatio: z.number(),
  tensors: z.number().int(),
  /** Merge only: how many weights the adapter changed. */
  mergedTensors: z.number().int().nullable(),
  seconds: z.number(),
});
export type CompressResult = z.infer<typeof compressResultSchema>;

export const modelVariantSchema = z.object({
  model: modelEntrySchema,
  /** null for the source model itself. */
  operation: z.enum(['quantize', 'merge']).nullable(),
  type: quantizeTypeSchema.nullable(),
  adapterPath: z.string().nullable(),
});
export type ModelVariant = z.infer<typeof modelVariantSchema>;

export const compareVariantsInputSchema = z
  .object({
    model: pathSchema,
    /** Held-out text for perplexity and the prefill prompt; default: a short English and Chinese paragraph. */
    text: z.string().min(1).max(20_000).optional(),
    /** Tokens generated (greedy) to time decoding. */
    decodeTokens: z.number().int().min(8).max(512).default(64),
    contextSize: z.number().int().min(64).max(131_072).optional(),
  })
  .strict();
export type CompareVariantsInput = z.infer<typeof compareVariantsInputSchema>;

/** One measured variant: the comparison view's row. */
export const variantRowSchema = z.object({
  modelId: z.string(),
  name: z.string(),
  path: z.string(),
  operation: z.enum(['quantize', 'merge']).nullable(),
  type: quantizeTypeSchema.nullable(),
  /** What the file's header says its weights are (e.g. "F16", "Q8_0"). */
  quantization: z.string().nullable(),
  sizeBytes: z.number(),
  /** Weights + context (KV cache and buffers) as node-llama-cpp estimates them for the comparison's context size. */
  memoryBytes: z.number(),
  prefillTokensPerSecond: z.number().nullable(),
  decodeTokensPerSecond: z.number().nullable(),
  perplexity: z.number().nullable(),
  scoredTokens: z.number().int(),
});
export type VariantRow = z.infer<typeof variantRowSchema>;

export const compareVariantsResultSchema = z.object({
  rows: z.array(variantRowSchema),
  text: z.string(),
  contextSize: z.number().int(),
  decodeTokens: z.number().int(),
});
export type CompareVariantsResult = z.infer<typeof compareVariantsResultSchema>;

const jobStartedSchema = z.object({ jobId: z.string() });

export const compressMethods = {
  'compress.quantize': method(quantizeInputSchema, jobStartedSchema),
  'compress.merge': method(mergeInputSchema, jobStartedSchema),
  /** The model and every variant made from it (or from its source, when it is itself a variant). */
  'compress.variants': method(z.object({ model: pathSchema }).strict(), z.array(modelVariantSchema)),
  /** A 'compare-variants' job: each variant's size, memory, prefill and decode speed and held-out perplexity. */
  'compress.compareVariants': method(compareVariantsInputSchema, jobStartedSchema),
} as const;

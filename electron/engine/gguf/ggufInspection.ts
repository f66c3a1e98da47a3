import { z } from 'zod';

/** A metadata value small enough to show as is, or a stand-in saying what was left out. */
export const ggufMetadataSummaryValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.object({ omitted: z.enum(['array', 'string']), itemType: z.string().optional(), length: z.number().int().nonnegative() }),
]);

export const ggufSpecialTokenSchema = z.object({
  id: z.number().int(),
  /** The token's text in the vocabulary; null when the id is outside it. */
  text: z.string().nullable(),
});

/**
 * What `inspect` reports about a GGUF file. Hyperparameters are null when the file does not state them (an
 * adapter, or an architecture without that notion). Model-library code references this schema.
 */
export const ggufInspectionSchema = z.object({
  path: z.string(),
  ggufVersion: z.number().int(),
  /** general.architecture, e.g. "llama", "qwen2". */
  architecture: z.string().nullable(),
  /** general.type: "model" unless the file says otherwise (LoRA adapters say "adapter"). */
  kind: z.string(),
  name: z.string().nullable(),
  parameterCount: z.number().int().nonnegative(),
  /** Quantization as people name it ("F16", "Q8_0", "Q4_K_M"); guessed from the tensors when not stated. */
  fileType: z.string().nullable(),
  contextLength: z.number().int().nullable(),
  vocabSize: z.number().int().nullable(),
  /** tokenizer.ggml.model: "llama" (SentencePiece), "gpt2" (byte-level BPE), "bert", ... */
  tokenizerModel: z.string().nullable(),
  /** Keyed by role: bos, eos, eot, unk, pad, sep, ... */
  specialTokens: z.record(z.string(), ggufSpecialTokenSchema),
  hasChatTemplate: z.boolean(),
  chatTemplate: z.string().optional(),
  layers: z.number().int().nullable(),
  embd: z.number().int().nullable(),
  heads: z.number().int().nullable(),
  kvHeads: z.number().int().nullable(),
  ffn: z.number().int().nullable(),
  sizeBytes: z.number().int().nonnegative(),
  tensorCount: z.number().int().nonnegative(),
  /** Tensor count per storage type, e.g. { F32: 5, Q4_K: 120 }. */
  tensorTypes: z.record(z.string(), z.number().int()),
  /** Every metadata key; long strings and arrays are summarised rather than copied. */
  metadata: z.record(z.string(), ggufMetadataSummaryValueSchema),
});

export type GgufInspection = z.infer<typeof ggufInspectionSchema>;
export type GgufMetadataSummaryValue = z.infer<typeof ggufMetadataSummaryValueSchema>;

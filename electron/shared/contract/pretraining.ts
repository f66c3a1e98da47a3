import { z } from 'zod';
import { method } from './define.ts';

/**
 * Nano pretraining: a tiny llama trained from random weights on a corpus (the synthetic world or the user's
 * text). A run is a job of kind 'pretrain'; its `job.progress` events carry `pretrainingProgressSchema` in `data`
 * so a dashboard can draw live loss/perplexity and show the samples of each checkpoint.
 */

export const pretrainingPresetNameSchema = z.enum(['nano', 'tiny', 'small', 'medium']);

export const pretrainingPresetInfoSchema = z.object({
  name: pretrainingPresetNameSchema,
  description: z.string(),
  layers: z.number().int(),
  embd: z.number().int(),
  heads: z.number().int(),
  ffn: z.number().int(),
  ctx: z.number().int(),
  suggestedVocab: z.number().int(),
  steps: z.number().int(),
  batchWindows: z.number().int(),
  learningRate: z.number(),
  /** At the suggested vocabulary. */
  parameters: z.number().int(),
  estimatedSeconds: z.number(),
  estimatedMemoryBytes: z.number(),
});
export type PretrainingPresetInfo = z.infer<typeof pretrainingPresetInfoSchema>;

export const pretrainingRunInputSchema = z
  .object({
    preset: pretrainingPresetNameSchema.default('tiny'),
    /** Corpus: .txt/.md (documents separated by blank lines) or .jsonl with a "text" field. */
    dataPath: z.string().min(1),
    /** A tokenizer saved by `workbench tokenizer train`. */
    tokenizerPath: z.string().min(1),
    /** Where the base model GGUF is written; default: a new file in the data home's models folder. */
    outPath: z.string().min(1).optional(),
    steps: z.number().int().min(1).max(1_000_000).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    threads: z.number().int().min(1).max(1024).optional(),
    batchWindows: z.number().int().min(1).max(256).optional(),
    learningRate: z.number().positive().max(1).optional(),
    /** Checkpoints (samples + fixed-sample loss) per run; default 5. */
    checkpoints: z.number().int().min(1).max(100).default(5),
    /** Prompts completed greedily at each checkpoint; default: probe prompts next to the corpus, else document openings. */
    samplePrompts: z.array(z.string().min(1)).max(16).optional(),
    /** Completion probes (probes.jsonl of a generated world); default: probes.jsonl next to the corpus if present. */
    probesPath: z.string().min(1).optional(),
    /** Probes evaluated after training (0 = none). */
    maxProbes: z.number().int().min(0).max(100_000).default(500),
  })
  .strict();
export type PretrainingRunInput = z.input<typeof pretrainingRunInputSchema>;
export type PretrainingRunOptions = z.output<typeof pretrainingRunInputSchema>;

export const pretrainingSampleSchema = z.object({ prompt: z.string(), completion: z.string() });

export const pretrainingProgressSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('setup'),
    parameters: z.number().int(),
    vocab: z.number().int(),
    windows: z.number().int(),
    windowLength: z.number().int(),
    corpusTokens: z.number().int(),
    totalSteps: z.number().int(),
    backend: z.string(),
  }),
  z.object({
    type: z.literal('step'),
    step: z.number().int(),
    totalSteps: z.number().int(),
    loss: z.number(),
    perplexity: z.number(),
    learningRate: z.number(),
    tokensPerSecond: z.number(),
    elapsedMs: z.number(),
  }),
  z.object({
    type: z.literal('checkpoint'),
    step: z.number().int(),
    /** Mean loss on a fixed sample of windows, comparable across checkpoints. */
    sampleLoss: z.number(),
    perplexity: z.number(),
    samples: z.array(pretrainingSampleSchema),
  }),
]);
export type PretrainingProgress = z.infer<typeof pretrainingProgressSchema>;

export const probeReportSchema = z.object({
  evaluated: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number(),
  byLanguage: z.record(z.string(), z.object({ evaluated: z.number().int(), correct: z.number().int() })),
});
export type ProbeReport = z.infer<typeof probeReportSchema>;

export const pretrainingResultSchema = z.object({
  outPath: z.string(),
  preset: pretrainingPresetNameSchema,
  parameters: z.number().int(),
  vocab: z.number().int(),
  steps: z.number().int(),
  tokensSeen: z.number().int(),
  /** Loss of the first step (before any update) and the mean of the last few steps. */
  initialLoss: z.number(),
  finalLoss: z.number(),
  initialSampleLoss: z.number(),
  finalSampleLoss: z.number(),
  seconds: z.number(),
  tokensPerSecond: z.number(),
  samples: z.array(pretrainingSampleSchema),
  probes: probeReportSchema.nullable(),
});
export type PretrainingResult = z.infer<typeof pretrainingResultSchema>;

export const prepareWorldInputSchema = z
  .object({
    people: z.number().int().min(2).max(480),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    vocab: z.number().int().min(259).max(65_536).default(512),
    englishDocuments: z.number().int().min(0).max(64).default(12),
    chineseDocuments: z.number().int().min(0).max(64).default(4),
  })
  .strict();

export const preparedWorldSchema = z.object({
  dir: z.string(),
  corpusPath: z.string(),
  tokenizerPath: z.string(),
  people: z.number().int(),
  documents: z.number().int(),
  corpusBytes: z.number().int(),
  vocabSize: z.number().int(),
  /** Merges that turned whole words into one token, in the order they were learned (the first 40). */
  wholeWordMerges: z.array(z.object({ rank: z.number().int(), token: z.string(), count: z.number().int() })),
});
export type PreparedWorld = z.infer<typeof preparedWorldSchema>;

export const pretrainingMethods = {
  /** Generates a synthetic world and trains a BPE tokenizer on it, in the data home: the inputs of pretraining.start. */
  'pretraining.prepareWorld': method(prepareWorldInputSchema, preparedWorldSchema),
  'pretraining.presets': method(z.object({ threads: z.number().int().min(1).max(1024).optional() }).strict(), z.array(pretrainingPresetInfoSchema)),
  /**
   * Starts a pretraining job (kind 'pretrain') in the trainer host; its result is a PretrainingResult plus the
   * `modelId` under which the base model was added to the model library.
   */
  'pretraining.start': method(pretrainingRunInputSchema, z.object({ jobId: z.string() })),
} as const;

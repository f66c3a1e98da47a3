import { z } from 'zod';
import { datasetSummarySchema } from './datasets.ts';
import { method } from './define.ts';
import { modelRefSchema } from './models.ts';

/**
 * Distillation ("a big model teaches a small one"): a teacher model answers a prompt set and its answers become a
 * new SFT chat dataset, on which the user then trains a student with the ordinary SFT run.
 */

/** Where the prompts come from: a dataset's user turns, or a file (JSONL of prompts/messages, or text, one per line). */
export const distillPromptSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('file'), path: z.string().trim().min(1).max(4096) }).strict(),
  /** A file the page read (no path in Electron): its name decides how it is read (.jsonl: JSON lines). */
  z.object({ kind: z.literal('text'), fileName: z.string().trim().min(1).max(255), text: z.string().max(64 * 1024 * 1024) }).strict(),
]);
export type DistillPromptSource = z.infer<typeof distillPromptSourceSchema>;

export const distillSettingsSchema = z
  .object({
    maxTokens: z.number().int().min(1).max(32_768).default(512),
    /** 0 is greedy: the teacher's most likely answer. */
    temperature: z.number().min(0).max(5).default(0),
    /** Prompt i is answered with seed + i, so the same settings give the same dataset. */
    seed: z.number().int().min(0).max(0xffff_ffff).default(1234),
    /** An answer cut at maxTokens is left out unless this is set (it would teach the student to stop mid-sentence). */
    keepTruncated: z.boolean().default(false),
  })
  .strict();
export type DistillSettings = z.infer<typeof distillSettingsSchema>;

export const distillRequestSchema = z
  .object({
    teacher: modelRefSchema,
    /** A LoRA adapter applied to the teacher (GGUF path or library id). */
    lora: z.string().trim().min(1).max(4096).nullable().default(null),
    loraScale: z.number().min(-4).max(4).default(1),
    prompts: distillPromptSourceSchema,
    name: z.string().trim().min(1).max(200),
    settings: distillSettingsSchema.default(() => distillSettingsSchema.parse({})),
  })
  .strict();
export type DistillRequest = z.infer<typeof distillRequestSchema>;
export type DistillRequestInput = z.input<typeof distillRequestSchema>;

/** empty: nothing left after stripping; truncated: cut at max tokens; too_long: the prompt alone fills the teacher's context. */
export const distillSkipReasonSchema = z.enum(['empty', 'truncated', 'too_long']);
export type DistillSkipReason = z.infer<typeof distillSkipReasonSchema>;

export const distillSkipSchema = z.object({
  /** 0-based position in the prompt set. */
  index: z.number().int(),
  /** The prompt's line in its file (null for a dataset's rows). */
  line: z.number().int().nullable(),
  prompt: z.string(),
  reason: distillSkipReasonSchema,
});
export type DistillSkip = z.infer<typeof distillSkipSchema>;

/** Progress data of a 'distill' job: one item per answered prompt. */
export const distillProgressSchema = z.object({
  done: z.number().int(),
  total: z.number().int(),
  /** The prompt just answered. */
  prompt: z.string(),
  kept: z.number().int(),
  skipped: z.number().int(),
});
export type DistillProgress = z.infer<typeof distillProgressSchema>;

export const distillResultSchema = z.object({
  dataset: datasetSummarySchema,
  /** The JSONL file the dataset was imported from (OpenAI messages format). */
  path: z.string(),
  prompts: z.number().int(),
  rows: z.number().int(),
  skipped: z.array(distillSkipSchema),
  /** Answers that carried chat-template tokens as text, cut at the first one. */
  stripped: z.number().int(),
  /** The same answers were distilled before: the stored dataset is returned. */
  alreadyImported: z.boolean(),
});
export type DistillResult = z.infer<typeof distillResultSchema>;

export const distillMethods = {
  /** A 'distill' job; its result is a DistillResult. Cancelling aborts the answer in flight and stores nothing. */
  'datasets.distillStart': method(distillRequestSchema, z.object({ jobId: z.string() })),
  /** Reads a prompt set as the job would (a malformed line is refused naming it); for the page's count. */
  'datasets.distillPrompts': method(
    z.object({ prompts: distillPromptSourceSchema }).strict(),
    z.object({ total: z.number().int(), first: z.array(z.string()) }),
  ),
} as const;

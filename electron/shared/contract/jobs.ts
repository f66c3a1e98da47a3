import { z } from 'zod';
import { event, method } from './define.ts';
import { workbenchErrorSchema } from './errors.ts';

/** Every long piece of work (generation, training, import, download, eval) is a job with an id. */
export const jobKindSchema = z.enum([
  'generate',
  'compare',
  'score',
  'download',
  'dataset-import',
  'train-sft',
  'train-dpo',
  'train-full',
  'hallucination',
  'pretrain',
  'prepare-world',
  'world-sft',
  'world-probe',
  'eval',
  'quantize',
  'merge',
  'compare-variants',
  'train-rm',
  'train-grpo',
  'compare-alignment',
  'transfer',
  'distill',
  'test-sleep',
]);
export type JobKind = z.infer<typeof jobKindSchema>;

export const jobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof jobStateSchema>;

export const jobRecordSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  state: jobStateSchema,
  title: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** 0..1 when known. */
  fraction: z.number().nullable(),
  error: workbenchErrorSchema.nullable(),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: jobKindSchema,
  fraction: z.number().nullable(),
  /**
   * Which item is in hand, as data (a model label and an item id, a prompt's first words) for logs and the CLI —
   * never a sentence: what a job is doing goes in `data` as its area's stage code and numbers
   * (electron/shared/contract/progressStage.ts), and the UI says it in its language.
   */
  message: z.string().optional(),
  /** Area-specific progress data (a token, a loss point...), described by the area's own contract. */
  data: z.unknown().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobFinishedSchema = z.object({
  jobId: z.string(),
  kind: jobKindSchema,
  state: z.enum(['done', 'failed', 'cancelled']),
  result: z.unknown().optional(),
  error: workbenchErrorSchema.optional(),
});
export type JobFinished = z.infer<typeof jobFinishedSchema>;

export const jobMethods = {
  'jobs.list': method(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(jobRecordSchema)),
  /**
   * One job with its result, for a client that was away when job.finished went out (a reloaded window): results
   * up to 4 MB of JSON are kept with the job row; bigger ones (and jobs of older versions) have result null.
   */
  'jobs.get': method(z.object({ jobId: z.string().min(1) }).strict(), jobRecordSchema.extend({ result: z.unknown().nullable() })),
  'jobs.cancel': method(z.object({ jobId: z.string().min(1) }).strict(), z.object({ cancelled: z.boolean() })),
} as const;

export const jobEvents = {
  'job.progress': event(jobProgressSchema),
  'job.finished': event(jobFinishedSchema),
} as const;

import { z } from 'zod';
import { blindRoundSchema, compareProgressItemSchema, compareRunRecordSchema } from './compare.ts';
import { compareVariantsResultSchema, compressProgressSchema, compressResultSchema, variantRowSchema } from './compress.ts';
import { importProgressSchema, importResultSchema } from './datasets.ts';
import { distillProgressSchema, distillResultSchema } from './distill.ts';
import { generationResultSchema, streamedTokenSchema } from './generate.ts';
import { runProgressSchema, runSummarySchema } from './hallucination.ts';
import type { JobKind } from './jobs.ts';
import { downloadProgressSchema, modelEntrySchema } from './models.ts';
import { evalJobResultSchema, evalProgressSchema } from './evals.ts';
import { pretrainingProgressSchema, pretrainingResultSchema } from './pretraining.ts';
import { rewardModelProgressSchema, rewardModelResultSchema } from './rewardModel.ts';
import { grpoProgressSchema, grpoResultSchema } from './rl.ts';
import { compareAlignmentProgressSchema, compareAlignmentResultSchema } from './alignmentComparison.ts';
import { prepareWorldJobResultSchema, worldJobProgressSchema } from './pretrainingWorldJob.ts';
import { transferProgressSchema, transferResultSchema } from './remote.ts';
import { trainingJobResultSchema, trainingProgressSchema } from './training.ts';
import { worldProbeProgressSchema, worldProbeReportSchema, worldSftProgressSchema, worldSftResultSchema } from './worldChat.ts';

const training = { progress: trainingProgressSchema, result: trainingJobResultSchema };

/**
 * Each job kind's `job.progress` data item and `job.finished` result. The job events carry them as unknown (one
 * event for every kind); a client reads them only through these schemas (`parseJobProgress` / `parseJobResult`,
 * the renderer's useJob), never with a cast, so a changed payload fails a parse instead of a page.
 */
export const jobPayloadSchemas = {
  generate: { progress: streamedTokenSchema, result: generationResultSchema },
  // Scoring runs as a plain method, not a job: nothing arrives for it.
  score: { progress: z.never(), result: z.never() },
  // compare.start (a run over prompts × models) and compare.blindRound share the kind.
  compare: { progress: compareProgressItemSchema, result: z.union([blindRoundSchema, compareRunRecordSchema]) },
  download: { progress: downloadProgressSchema, result: modelEntrySchema },
  'dataset-import': { progress: importProgressSchema, result: importResultSchema },
  'train-sft': training,
  'train-dpo': training,
  'train-full': training,
  // A benchmark run, and a re-run of some items with their passage in context.
  hallucination: {
    progress: runProgressSchema,
    result: z.union([
      z.object({ runIds: z.array(z.string()), summaries: z.array(runSummarySchema) }),
      z.object({ runId: z.string(), summary: runSummarySchema.nullable() }),
    ]),
  },
  pretrain: { progress: pretrainingProgressSchema, result: pretrainingResultSchema.extend({ modelId: z.string() }) },
  'prepare-world': { progress: worldJobProgressSchema, result: prepareWorldJobResultSchema },
  'world-sft': { progress: worldSftProgressSchema, result: worldSftResultSchema },
  'world-probe': { progress: worldProbeProgressSchema, result: worldProbeReportSchema },
  eval: { progress: evalProgressSchema, result: evalJobResultSchema },
  'train-rm': { progress: rewardModelProgressSchema, result: rewardModelResultSchema },
  'train-grpo': { progress: grpoProgressSchema, result: grpoResultSchema },
  'compare-alignment': { progress: compareAlignmentProgressSchema, result: compareAlignmentResultSchema },
  quantize: { progress: compressProgressSchema, result: compressResultSchema },
  merge: { progress: compressProgressSchema, result: compressResultSchema },
  'compare-variants': { progress: variantRowSchema, result: compareVariantsResultSchema },
  transfer: { progress: transferProgressSchema, result: transferResultSchema },
  distill: { progress: distillProgressSchema, result: distillResultSchema },
  // Tests' own jobs carry whatever the test sends.
  'test-sleep': { progress: z.unknown(), result: z.unknown() },
} as const satisfies Record<JobKind, { progress: z.ZodType; result: z.ZodType }>;

export type JobProgressItem<K extends JobKind> = z.infer<(typeof jobPayloadSchemas)[K]['progress']>;
export type JobResult<K extends JobKind> = z.infer<(typeof jobPayloadSchemas)[K]['result']>;

/** The items of one job.progress event (the runner batches them into an array); items that do not parse are left out. */
export function parseJobProgress<K extends JobKind>(kind: K, data: unknown): JobProgressItem<K>[] {
  if (data === undefined) return [];
  // TypeScript cannot follow K through the table's index; the table's `satisfies` is what checks each entry.
  const schema = jobPayloadSchemas[kind].progress as z.ZodType<JobProgressItem<K>>;
  const items: JobProgressItem<K>[] = [];
  for (const raw of Array.isArray(data) ? data : [data]) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) items.push(parsed.data);
  }
  return items;
}

/** A finished job's result, or null when there is none or it is not what the kind declares. */
export function parseJobResult<K extends JobKind>(kind: K, result: unknown): JobResult<K> | null {
  if (result === undefined || result === null) return null;
  const schema = jobPayloadSchemas[kind].result as z.ZodType<JobResult<K>>;
  const parsed = schema.safeParse(result);
  return parsed.success ? parsed.data : null;
}

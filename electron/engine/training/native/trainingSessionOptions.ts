import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { fieldIssueReason } from '../../fieldIssueReason.ts';
import {  } from '../../../shared/contract/errorReasons.ts';
import { loraTargets, type TrainingSessionOptions } from './nativeTrainerApi.ts';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const optimizerOptionsSchema = z
  .object({
    lr: finite.min(0),
    weightDecay: finite.min(0),
    beta1: finite.min(0).lt(1),
    beta2: finite.min(0).lt(1),
    eps: finite.min(0),
    gradClip: finite.min(0),
    schedule: z
      .object({
        kind: z.enum(['constant', 'cosine', 'linear']),
        warmupSteps: z.number().int().min(0),
        totalSteps: z.number().int().min(1),
        minLrRatio: finite.min(0).max(1).optional(),
      })
      .strict(),
  })
  .strict()
  .refine((o) => o.lr * o.weightDecay <= 1, { message: 'lr * weightDecay must be at most 1', path: ['weightDecay'] });

export const trainingSessionOptionsSchema = z
  .object({
    modelPath: z.string().min(1),
    mode: z.enum(['lora', 'full']),
    lora: z
      .object({
        rank: z.number().int().min(1).max(4096),
        alpha: finite.positive(),
        targets: z.array(z.enum(loraTargets)).min(1),
        dropout: finite.min(0).lt(1).optional(),
        initAdapterPath: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    contextLength: z.number().int().min(2).max(1 << 20),
    threads: z.number().int().min(1).max(1024).optional(),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    optimizer: optimizerOptionsSchema,
    device: z
      .string()
      .regex(/^(auto|cpu|gpu:\d+)$/, 'must be auto, cpu or gpu:N')
      .optional(),
    cpuOps: z.array(z.string().regex(/^[A-Z0-9_]+$/, 'must be a ggml op name such as OUT_PROD')).optional(),
    packSequences: z.boolean().optional(),
  })
  .strict()
  .refine((o) => o.mode === 'full' || o.lora !== undefined, { message: "required when mode is 'lora'", path: ['lora'] });

/** Validates session options; the error names the field the way the caller spelled it. */
export function parseTrainingSessionOptions(input: TrainingSessionOptions): TrainingSessionOptions {
  const parsed = trainingSessionOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'options';
    throw new WorkbenchError('bad_input', `Training options: ${field}: ${issue?.message ?? 'invalid'}`, { field }, fieldIssueReason(issue, field));
  }
  return parsed.data as TrainingSessionOptions;
}

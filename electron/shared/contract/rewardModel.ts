import { z } from 'zod';
import { method } from './define.ts';
import { samplingSchema } from './generate.ts';
import { modelRefSchema } from './models.ts';
import { stageSchema } from './progressStage.ts';
import { loraTargetNames, loraTargetSchema, trainingDataSchema } from './training.ts';

/**
 * Reward models (issue 26, the lectures' stage 3): a model that says which of two answers to a prompt is better,
 * trained on preference pairs with the Bradley–Terry loss −log σ(r_chosen − r_rejected).
 *
 * The reward r(prompt, answer) is generative: the log-probability the base + a reward LoRA give one fixed judge
 * token ("Yes") after the conversation and a fixed judge question (electron/engine/rewardModel/judgeText.ts). It
 * needs no new tensor, so the reward model is an ordinary LoRA adapter that inference loads to score answers, and
 * its loss is the native DPO step with β = 1 and zero reference log-probs (docs/REWARD_MODEL.md says why).
 */

export const rewardModelDataSchema = trainingDataSchema;

/** A named set of pairs the reward model is measured on during training (the generalisation lab). */
export const rewardProbeSetSchema = z.object({ label: z.string().trim().min(1).max(80), data: rewardModelDataSchema }).strict();

export const rewardModelTrainInputSchema = z
  .object({
    /** The base model the reward LoRA sits on: a library id or name, or a .gguf path. */
    model: modelRefSchema,
    /** Preference pairs (a preference dataset in Datasets). */
    data: rewardModelDataSchema,
    /** Held-out pairs from the same distribution; default: `heldOutFraction` of `data`, drawn with the seed. */
    heldOut: rewardModelDataSchema.nullable().default(null),
    heldOutFraction: z.number().min(0).max(0.9).default(0.2),
    /** Other pair sets measured at every evaluation (e.g. pairs from another domain), not trained on. */
    probes: z.array(rewardProbeSetSchema).max(4).default([]),
    lora: z
      .object({
        rank: z.number().int().min(1).max(512).default(8),
        alpha: z.number().positive().max(4096).default(16),
        targets: z.array(loraTargetSchema).min(1).default([...loraTargetNames]),
      })
      .strict()
      .default({ rank: 8, alpha: 16, targets: [...loraTargetNames] }),
    epochs: z.number().positive().max(1000).default(2),
    lr: z.number().positive().max(1).default(1e-3),
    /** Pairs per optimizer step. */
    batchSize: z.number().int().min(1).max(256).default(8),
    contextLength: z.number().int().min(32).max(131_072).default(512),
    /** Evaluate held-out and probe pairs every this many steps (and at the first and last step). */
    evalEvery: z.number().int().min(1).max(100_000).default(5),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    threads: z.number().int().min(1).max(1024).optional(),
    /** Where the adapter GGUF is written; default: a new file in the data home's reward-models folder. */
    outPath: z.string().trim().min(1).max(4096).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type RewardModelTrainInput = z.input<typeof rewardModelTrainInputSchema>;
export type RewardModelTrainRequest = z.output<typeof rewardModelTrainInputSchema>;

/** Ranking accuracy (share of pairs with r_chosen > r_rejected) and mean margin r_chosen − r_rejected of a pair set. */
export const pairMetricsSchema = z.object({
  pairs: z.number().int(),
  accuracy: z.number(),
  meanMargin: z.number(),
  /** Mean Bradley–Terry loss −log σ(margin). */
  loss: z.number(),
});
export type PairMetrics = z.infer<typeof pairMetricsSchema>;

export const marginHistogramSchema = z.object({
  /** Bin edges, `counts.length + 1` of them. */
  edges: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type MarginHistogram = z.infer<typeof marginHistogramSchema>;

/** What a reward model job is doing besides steps; the UI says it (rewardModel namespace, `stage.<code>`). */
export const rewardModelStageParams = {
  /** Pairs (train, held-out and probes together) longer than the context, left out. */
  pairs_left_out: z.object({ pairs: z.number().int(), contextTokens: z.number().int() }),
  scoring_before: z.object({}),
  scoring_after: z.object({}),
};
export const rewardModelStageSchema = stageSchema(rewardModelStageParams);
export type RewardModelStage = z.infer<typeof rewardModelStageSchema>;

/** job.progress data of a 'train-rm' job. */
export const rewardModelProgressSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    step: z.number().int(),
    totalSteps: z.number().int(),
    /** The step's batch, before its update. */
    loss: z.number(),
    trainAccuracy: z.number(),
    trainMargin: z.number(),
    /** At evaluation steps: all held-out pairs and every probe set; null between them. */
    heldOut: pairMetricsSchema.nullable(),
    probes: z.array(pairMetricsSchema.extend({ label: z.string() })).nullable(),
    elapsedMs: z.number(),
  }),
  z.object({ type: z.literal('status'), stage: rewardModelStageSchema }),
]);
export type RewardModelProgress = z.infer<typeof rewardModelProgressSchema>;

const setReportSchema = z.object({ label: z.string(), before: pairMetricsSchema, after: pairMetricsSchema, histogram: marginHistogramSchema });
export type RewardSetReport = z.infer<typeof setReportSchema>;

export const rewardModelResultSchema = z.object({
  /** The reward LoRA (GGUF) and its manifest next to it. */
  outPath: z.string(),
  manifestPath: z.string(),
  modelPath: z.string(),
  steps: z.number().int(),
  /** Held-out ranking accuracy after training (the training pairs' when there are no held-out pairs). */
  accuracy: z.number(),
  train: setReportSchema,
  heldOut: setReportSchema.nullable(),
  probes: z.array(setReportSchema),
  seconds: z.number(),
});
export type RewardModelResult = z.infer<typeof rewardModelResultSchema>;

/** A trained reward model as the manifest next to its adapter describes it. */
export const rewardModelEntrySchema = z.object({
  name: z.string(),
  adapterPath: z.string(),
  manifestPath: z.string(),
  modelPath: z.string(),
  judgeTokenId: z.number().int(),
  accuracy: z.number(),
  createdAt: z.string(),
});
export type RewardModelEntry = z.infer<typeof rewardModelEntrySchema>;

export const rewardScoreSchema = z.object({ score: z.number(), judgeTokenId: z.number().int() });

const rewardRefFields = {
  /** The reward model: its adapter .gguf path (with the .reward.json manifest beside it). */
  rewardModel: z.string().trim().min(1).max(4096),
};

export const bestOfNInputSchema = z
  .object({
    ...rewardRefFields,
    /** The model that samples (default: the reward model's own base). */
    model: modelRefSchema.optional(),
    prompt: z.string().min(1).max(100_000),
    n: z.number().int().min(1).max(16).default(4),
    maxTokens: z.number().int().min(1).max(4096).default(128),
    sampling: samplingSchema.default({ temperature: 0.9, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1, presencePenalty: 0, frequencyPenalty: 0, penaltyLastN: 64, seed: null }),
  })
  .strict();
export type BestOfNInput = z.input<typeof bestOfNInputSchema>;

export const bestOfNResultSchema = z.object({
  candidates: z.array(z.object({ text: z.string(), score: z.number() })),
  /** Index of the highest-scored candidate. */
  best: z.number().int(),
});
export type BestOfNResult = z.infer<typeof bestOfNResultSchema>;

export const rewardModelMethods = {
  /** Starts a 'train-rm' job; its result is a RewardModelResult. */
  'rewardModel.train': method(rewardModelTrainInputSchema, z.object({ jobId: z.string() })),
  /** Reward models found in the data home's reward-models folder, newest first. */
  'rewardModel.list': method(z.object({}).strict(), z.array(rewardModelEntrySchema)),
  /** r(prompt, answer): the log-probability of the judge token, in nats (higher is better). */
  'rewardModel.score': method(
    z.object({ ...rewardRefFields, prompt: z.string().max(100_000), answer: z.string().max(100_000) }).strict(),
    rewardScoreSchema,
  ),
  /** Samples N answers in the inference host and keeps the highest-scored. */
  'rewardModel.bestOfN': method(bestOfNInputSchema, bestOfNResultSchema),
} as const;

import { z } from 'zod';
import { method } from './define.ts';
import { errorReasonSchema } from './errorReasons.ts';
import { modelRefSchema } from './models.ts';
import { stageSchema } from './progressStage.ts';

/**
 * Training: LoRA SFT, DPO and full-parameter runs on the native trainer (trainer host), as resumable jobs.
 *
 * A *run* is the durable record (SQLite `training_runs`, migration 003): its config, every metric point, sample
 * generations at checkpoints, checkpoints on disk and the output. A run is executed by a *job* (job kinds
 * train-sft / train-dpo / train-full); pausing or a crash ends the job but not the run, and `training.resume`
 * starts a new job that continues from the run's last checkpoint. Live updates arrive as `job.progress` events
 * whose `data` is a `TrainingProgress` (below).
 */

export const trainingObjectives = ['sft', 'dpo', 'full'] as const;
export const trainingObjectiveSchema = z.enum(trainingObjectives);
export type TrainingObjective = z.infer<typeof trainingObjectiveSchema>;

export const loraTargetNames = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;
export const loraTargetSchema = z.enum(loraTargetNames);

export const trainingPresets = ['quick', 'standard', 'thorough'] as const;
export const trainingPresetSchema = z.enum(trainingPresets);
export type TrainingPreset = z.infer<typeof trainingPresetSchema>;

/** Where training examples come from: a dataset in Datasets (sft / preference / pretrain kind) or a text file. */
export const trainingDataSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('dataset'),
      datasetId: z.string().min(1),
      /** 'all' uses every ok row; 'train' / 'validation' use that split. */
      split: z.enum(['all', 'train', 'validation']).default('train'),
    })
    .strict(),
  /** Plain text (txt / md / jsonl with a `text` field) for full-parameter continued pretraining. */
  z.object({ kind: z.literal('textFile'), path: z.string().trim().min(1).max(4096) }).strict(),
]);
export type TrainingData = z.infer<typeof trainingDataSchema>;

export const loraConfigSchema = z
  .object({
    rank: z.number().int().min(1).max(512).default(16),
    alpha: z.number().positive().max(4096).default(32),
    targets: z.array(loraTargetSchema).min(1).default([...loraTargetNames]),
    /** Dropout on the LoRA input; 0 = off. */
    dropout: z.number().min(0).max(0.9).default(0),
  })
  .strict();
export type LoraConfig = z.infer<typeof loraConfigSchema>;

export const dpoConfigSchema = z
  .object({
    beta: z.number().positive().max(10).default(0.1),
    /** Conservative DPO: the assumed probability that a preference label is flipped. */
    labelSmoothing: z.number().min(0).max(0.49).default(0),
  })
  .strict();
export type DpoConfig = z.infer<typeof dpoConfigSchema>;

/** Where a run trains: auto (the first GPU the trainer can use, else the CPU), cpu, or gpu:N (its Nth GPU). */
export const trainingDeviceSchema = z.string().regex(/^(auto|cpu|gpu:\d+)$/, 'must be auto, cpu or gpu:N');

/**
 * The device a run's steps ran on, as the trainer reports it after a step: the ggml device (CPU, Vulkan0, CUDA0,
 * MTL0) and its driver's name, what the session holds in its memory, how many pieces the scheduler cut the training
 * graph into, and which ops (node counts) the CPU computed because the GPU backend lacks them.
 */
export const trainingDeviceReportSchema = z.object({
  backend: z.string(),
  description: z.string(),
  memoryBytes: z.number(),
  splits: z.number().int(),
  cpuOps: z.record(z.string(), z.number().int()),
});
export type TrainingDeviceReport = z.infer<typeof trainingDeviceReportSchema>;

/** Everything a run needs. Missing fields take the preset's values (`training.presets`). */
export const trainingConfigSchema = z
  .object({
    objective: trainingObjectiveSchema,
    /** Library model id / name or GGUF path: the frozen base (LoRA) or the starting weights (full). */
    model: modelRefSchema,
    /** Continue an existing adapter (adapter id or GGUF path); for DPO this is usually the SFT adapter. */
    initAdapter: z.string().trim().min(1).max(4096).optional(),
    data: trainingDataSchema,
    /** Validation data; default: the dataset's validation split when it has one, else none. */
    validation: trainingDataSchema.nullable().optional(),
    preset: trainingPresetSchema.default('standard'),
    lora: loraConfigSchema.default({ rank: 16, alpha: 32, targets: [...loraTargetNames], dropout: 0 }),
    dpo: dpoConfigSchema.default({ beta: 0.1, labelSmoothing: 0 }),
    epochs: z.number().positive().max(1000).optional(),
    /** Stop after this many optimizer steps (overrides epochs when smaller). */
    maxSteps: z.number().int().min(1).max(10_000_000).optional(),
    /** Sequences (SFT/full) or pairs (DPO) per optimizer step, before accumulation. */
    batchSize: z.number().int().min(1).max(1024).optional(),
    gradAccum: z.number().int().min(1).max(1024).optional(),
    contextLength: z.number().int().min(16).max(131_072).optional(),
    lr: z.number().positive().max(1).optional(),
    weightDecay: z.number().min(0).max(1).optional(),
    schedule: z.enum(['constant', 'cosine', 'linear']).optional(),
    /** Warm-up as a fraction of all optimizer steps. */
    warmupRatio: z.number().min(0).max(0.5).optional(),
    gradClip: z.number().min(0).max(1000).optional(),
    seed: z.number().int().min(0).max(0x7fff_ffff).default(42),
    /** Evaluate the validation loss every N optimizer steps (and at the end). */
    evalEvery: z.number().int().min(1).optional(),
    /** Write a checkpoint (weights + optimizer + data position + RNG) every N optimizer steps (and at the end). */
    checkpointEvery: z.number().int().min(1).optional(),
    /** Prompts whose greedy answers are generated at every checkpoint; default: the first validation/train prompts. */
    samplePrompts: z.array(z.string().min(1).max(4000)).max(8).optional(),
    /** Output GGUF (adapter for sft/dpo, model for full); default: inside the data home. */
    outputPath: z.string().trim().min(1).max(4096).optional(),
    /** Name for the run and its adapter/model in the library. */
    name: z.string().trim().min(1).max(200).optional(),
    threads: z.number().int().min(1).max(512).optional(),
    /**
     * Rows longer than the context: 'skip' leaves them out; 'truncate' cuts them to fit (SFT keeps the prompt's end
     * and the answer's start, DPO shortens the shared prompt first, as TRL does). training.estimate says how many
     * rows each choice keeps.
     */
    longRows: z.enum(['skip', 'truncate']).default('skip'),
    device: trainingDeviceSchema.optional(),
  })
  .strict();
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;
export type TrainingConfig = z.output<typeof trainingConfigSchema>;

/** A config with every preset default filled in: what the run really uses, stored with the run. */
export const resolvedTrainingConfigSchema = z.object({
  objective: trainingObjectiveSchema,
  modelPath: z.string(),
  modelSha256: z.string().nullable(),
  initAdapterPath: z.string().nullable(),
  data: trainingDataSchema,
  validation: trainingDataSchema.nullable(),
  preset: trainingPresetSchema,
  lora: loraConfigSchema.nullable(),
  dpo: dpoConfigSchema.nullable(),
  epochs: z.number(),
  maxSteps: z.number().int().nullable(),
  batchSize: z.number().int(),
  gradAccum: z.number().int(),
  contextLength: z.number().int(),
  lr: z.number(),
  weightDecay: z.number(),
  schedule: z.enum(['constant', 'cosine', 'linear']),
  warmupRatio: z.number(),
  gradClip: z.number(),
  seed: z.number().int(),
  evalEvery: z.number().int(),
  checkpointEvery: z.number().int(),
  samplePrompts: z.array(z.string()),
  outputPath: z.string(),
  name: z.string(),
  threads: z.number().int().nullable(),
  /** Runs stored before the choice existed skipped long rows. */
  longRows: z.enum(['skip', 'truncate']).default('skip'),
  /** Runs stored before the device option train on 'auto'. */
  device: trainingDeviceSchema.default('auto'),
});
export type ResolvedTrainingConfig = z.infer<typeof resolvedTrainingConfigSchema>;

/** DPO metrics under the names TRL logs them with, so users can compare runs across tools. */
export const dpoMetricsSchema = z.object({
  'rewards/chosen': z.number(),
  'rewards/rejected': z.number(),
  'rewards/margins': z.number(),
  'rewards/accuracies': z.number(),
  'logps/chosen': z.number(),
  'logps/rejected': z.number(),
});
export type DpoMetrics = z.infer<typeof dpoMetricsSchema>;

/** One optimizer step's numbers (and the validation numbers when evaluated at that step). */
export const trainingMetricPointSchema = z.object({
  step: z.number().int(),
  /** Fractional epoch: 1.5 = halfway through the second pass. */
  epoch: z.number(),
  loss: z.number(),
  lr: z.number(),
  gradNorm: z.number(),
  tokensPerSecond: z.number(),
  targetTokens: z.number().int(),
  /** Set on the steps where the validation set was evaluated. */
  valLoss: z.number().nullable(),
  dpo: dpoMetricsSchema.nullable(),
  /** Validation DPO metrics when evaluated at this step. */
  valDpo: dpoMetricsSchema.nullable(),
  /** Resident memory of the trainer process (bytes). */
  memoryBytes: z.number().nullable(),
  at: z.string(),
});
export type TrainingMetricPoint = z.infer<typeof trainingMetricPointSchema>;

export const trainingSampleSchema = z.object({
  step: z.number().int(),
  prompt: z.string(),
  output: z.string(),
  /** The prompt was shortened (its start dropped) to leave room for the answer in the context. */
  truncated: z.boolean().optional(),
  /** Why this sample could not be generated (English); the run went on without it. */
  error: z.string().optional(),
  /** The same as a reason the UI words; absent for samples stored before reasons were kept. */
  errorReason: errorReasonSchema.optional().catch(undefined),
});
export type TrainingSample = z.infer<typeof trainingSampleSchema>;

export const trainingCheckpointSchema = z.object({
  step: z.number().int(),
  path: z.string(),
  at: z.string(),
});

/** What a training job is doing between steps; the UI says it (training namespace, `stage.<code>`). */
export const trainingStageParams = {
  loading_model: z.object({}),
  tokenizing: z.object({}),
  loading_checkpoint: z.object({ step: z.number().int() }),
  /** DPO: the frozen reference's log-probs of the training pairs, `done` of `total` so far. */
  reference_train: z.object({ done: z.number().int(), total: z.number().int() }),
  reference_validation: z.object({ done: z.number().int(), total: z.number().int() }),
  saving: z.object({}),
};
export const trainingStageSchema = stageSchema(trainingStageParams);
export type TrainingStage = z.infer<typeof trainingStageSchema>;

/** `job.progress` data of training jobs. */
export const trainingProgressSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), runId: z.string(), stage: trainingStageSchema }),
  z.object({
    type: z.literal('step'),
    runId: z.string(),
    point: trainingMetricPointSchema,
    totalSteps: z.number().int(),
    etaSeconds: z.number().nullable(),
  }),
  z.object({ type: z.literal('sample'), runId: z.string(), sample: trainingSampleSchema }),
  z.object({ type: z.literal('checkpoint'), runId: z.string(), step: z.number().int(), path: z.string() }),
  z.object({ type: z.literal('device'), runId: z.string(), device: trainingDeviceReportSchema }),
]);
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;

/** A row left out because it is longer than the context: `reason` in English, the numbers for the UI's sentence. */
export const skippedRowSchema = z.object({
  rowId: z.number().int().nullable(),
  reason: z.string(),
  /** Absent in runs stored before they were recorded. */
  tokens: z.number().int().optional(),
  contextLength: z.number().int().optional(),
});

/** What a training job returns (job.finished result): how it ended and what it counted. */
export const trainingJobResultSchema = z.object({
  status: z.enum(['done', 'paused']),
  step: z.number().int(),
  totalSteps: z.number().int(),
  trainableParameters: z.number().int(),
  backend: z.string(),
  /** The adapter the session trained (initAdapter's shape when one was continued); null in full mode. */
  lora: z.object({ rank: z.number().int(), alpha: z.number(), targets: z.array(z.string()) }).nullable(),
  outputPath: z.string().nullable(),
  finalLoss: z.number().nullable(),
  finalValLoss: z.number().nullable(),
  trainRows: z.number().int(),
  validationRows: z.number().int(),
  tokensPerEpoch: z.number().int(),
  targetTokensPerEpoch: z.number().int(),
  skipped: z.array(skippedRowSchema),
});
export type TrainingJobResult = z.infer<typeof trainingJobResultSchema>;

/**
 * queued/running: a job is working on it. paused: stopped by the user at a checkpoint. interrupted: the job died
 * (trainer crash, app quit) after at least one checkpoint; resumable. done/failed/cancelled: final.
 */
export const trainingRunStateSchema = z.enum(['queued', 'running', 'paused', 'interrupted', 'done', 'failed', 'cancelled']);
export type TrainingRunState = z.infer<typeof trainingRunStateSchema>;

export const trainingRunSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  objective: trainingObjectiveSchema,
  state: trainingRunStateSchema,
  /** The job working on it now (running/queued), else the last one. */
  jobId: z.string().nullable(),
  modelPath: z.string(),
  datasetName: z.string().nullable(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  lastLoss: z.number().nullable(),
  lastValLoss: z.number().nullable(),
  /** Adapter or model written at the end. */
  outputPath: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TrainingRunSummary = z.infer<typeof trainingRunSummarySchema>;

export const trainingRunDetailSchema = trainingRunSummarySchema.extend({
  config: resolvedTrainingConfigSchema,
  /** sha256 of the training rows (and validation rows) actually used. */
  dataSha256: z.string().nullable(),
  trainableParameters: z.number().int().nullable(),
  backend: z.string().nullable(),
  metrics: z.array(trainingMetricPointSchema),
  samples: z.array(trainingSampleSchema),
  checkpoints: z.array(trainingCheckpointSchema),
});
export type TrainingRunDetail = z.infer<typeof trainingRunDetailSchema>;

/** A trained LoRA adapter in the library, tied to its base model. */
export const adapterEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  exists: z.boolean(),
  baseModelPath: z.string(),
  baseModelSha256: z.string().nullable(),
  runId: z.string().nullable(),
  objective: trainingObjectiveSchema.nullable(),
  rank: z.number().int(),
  alpha: z.number(),
  targets: z.array(z.string()),
  dataSha256: z.string().nullable(),
  /** Final train / validation loss (and DPO reward accuracy) of the run that made it. */
  finalLoss: z.number().nullable(),
  finalValLoss: z.number().nullable(),
  sizeBytes: z.number(),
  sha256: z.string().nullable(),
  createdAt: z.string(),
});
export type AdapterEntry = z.infer<typeof adapterEntrySchema>;

/**
 * What the estimate concludes: the model cannot be trained this way, the run does not fit the memory there is, or it
 * is ready — skipping or truncating rows longer than the context (counts in `longRows`). A context longer than the
 * one the model was trained with is told apart by `modelContextLength`.
 */
export const estimateVerdictCodeSchema = z.enum(['unsupported', 'too_big', 'ready', 'ready_skipping', 'ready_truncating']);
export type EstimateVerdictCode = z.infer<typeof estimateVerdictCodeSchema>;

export const trainingEstimateSchema = z.object({
  resolved: resolvedTrainingConfigSchema,
  /** Whether this model can be trained this way on this build, and why not (`reason` in English, `why` for the UI). */
  supported: z.boolean(),
  reason: z.string().nullable(),
  why: errorReasonSchema.optional().catch(undefined),
  backend: z.string(),
  trainableParameters: z.number().int(),
  /** Rows used for training / validation, and target tokens (the train mask's ones) per epoch. */
  trainRows: z.number().int(),
  validationRows: z.number().int(),
  tokensPerEpoch: z.number().int(),
  targetTokensPerEpoch: z.number().int(),
  /** Rows dropped before training and why (longer than the context, empty train mask …). */
  skipped: z.array(skippedRowSchema),
  totalSteps: z.number().int(),
  /** Training rows longer than the context, and how many rows each longRows choice trains on. */
  longRows: z.object({ longerThanContext: z.number().int(), keptBySkip: z.number().int(), keptByTruncate: z.number().int() }),
  /** The context the model was trained with (GGUF `<arch>.context_length`); null when the file does not say. */
  modelContextLength: z.number().int().nullable(),
  memoryBytes: z.number(),
  freeMemoryBytes: z.number(),
  fits: z.boolean(),
  /** Rough time from the model size and this machine; null when unknown. */
  estimatedSeconds: z.number().nullable(),
  /** The verdict in English (CLI, logs); the UI words `verdictCode` with the numbers above. */
  verdict: z.string(),
  verdictCode: estimateVerdictCodeSchema,
});
export type TrainingEstimate = z.infer<typeof trainingEstimateSchema>;

export const presetInfoSchema = z.object({
  preset: trainingPresetSchema,
  objective: trainingObjectiveSchema,
  /** The values the preset fills in. */
  values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  description: z.string(),
});

const runIdInput = z.object({ runId: z.string().min(1) }).strict();

export const trainingMethods = {
  'training.presets': method(z.object({}).strict(), z.array(presetInfoSchema)),
  /** Resolve the config, check support, count rows/tokens, estimate memory and time. Starts nothing. */
  'training.estimate': method(z.object({ config: trainingConfigSchema }).strict(), trainingEstimateSchema),
  'training.start': method(z.object({ config: trainingConfigSchema }).strict(), z.object({ runId: z.string(), jobId: z.string() })),
  /** Continue a paused, interrupted or cancelled run from its last checkpoint. */
  'training.resume': method(runIdInput, z.object({ runId: z.string(), jobId: z.string() })),
  /** Checkpoint at the end of the current step and stop; the run becomes 'paused'. */
  'training.pause': method(runIdInput, z.object({ paused: z.boolean() })),
  /** Stop the run; its checkpoints are kept (until the run is deleted), to resume from or save an adapter from. */
  'training.cancel': method(runIdInput, z.object({ cancelled: z.boolean() })),
  /**
   * Writes the adapter (full runs: the model) as it was at one of the run's checkpoints (default: the last) and adds
   * it to the library: what a cancelled or paused run keeps. The run itself stays as it is and can still resume.
   */
  'training.saveCheckpoint': method(
    z.object({ runId: z.string().min(1), step: z.number().int().min(1).optional() }).strict(),
    z.object({ step: z.number().int(), path: z.string() }),
  ),
  'training.runs': method(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(trainingRunSummarySchema)),
  'training.run': method(runIdInput, trainingRunDetailSchema),
  /** Removes the run, its metrics and checkpoints; the output file stays unless deleteOutput. */
  'training.deleteRun': method(
    z.object({ runId: z.string().min(1), deleteOutput: z.boolean().default(false) }).strict(),
    z.object({ deleted: z.boolean() }),
  ),
  'training.adapters': method(z.object({ model: modelRefSchema.optional() }).strict(), z.array(adapterEntrySchema)),
} as const;

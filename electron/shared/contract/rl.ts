import { z } from 'zod';
import { compareAlignmentInputSchema } from './alignmentComparison.ts';
import { method } from './define.ts';
import { stageSchema } from './progressStage.ts';

/**
 * Reinforcement learning (issue 26): GRPO on the native trainer. The policy (base + LoRA) samples G replies per
 * prompt, the rewards score them, advantages are normalised within each group, and one weighted-token update moves
 * the LoRA toward the better replies, with a KL penalty β to the reference (the policy the run started from).
 */

export const grpoRewardSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), weight: z.number() }),
  z.object({ kind: z.literal('refusal'), weight: z.number() }),
  z.object({ kind: z.literal('regex'), weight: z.number(), pattern: z.string().min(1) }),
  z.object({ kind: z.literal('rm'), weight: z.number(), path: z.string().min(1) }),
]);

export const grpoInputSchema = z
  .object({
    modelPath: z.string().min(1),
    /** Start from this LoRA adapter (e.g. a short SFT); it is also the KL reference. Null: a fresh adapter. */
    startAdapterPath: z.string().min(1).nullable().default(null),
    /** JSONL: {prompt, answer?, refuse?} per line. */
    promptsPath: z.string().min(1),
    /** Held-out prompts (same format) for pass@1; null: none. */
    heldOutPath: z.string().min(1).nullable().default(null),
    rewards: z.array(grpoRewardSchema).min(1),
    /** G: samples per prompt. */
    generations: z.number().int().min(2).max(64).default(8),
    promptsPerStep: z.number().int().min(1).max(64).default(2),
    steps: z.number().int().min(1).max(100_000).default(50),
    /** KL coefficient β (TRL's original default 0.04); 0 turns the penalty off. */
    beta: z.number().min(0).max(10).default(0.04),
    temperature: z.number().positive().max(4).default(1),
    maxCompletionTokens: z.number().int().min(1).max(4096).default(32),
    learningRate: z.number().positive().max(1).default(5e-5),
    loraRank: z.number().int().min(1).max(256).default(8),
    loraAlpha: z.number().positive().default(16),
    contextLength: z.number().int().min(16).max(32_768).default(256),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    threads: z.number().int().min(1).max(1024).optional(),
    /** pass@1 on the held-out prompts every this many steps (and at the start and end). */
    evalEvery: z.number().int().min(1).default(10),
    checkpointEvery: z.number().int().min(1).default(10),
    outPath: z.string().min(1),
    /** Checkpoints and history; the same folder again resumes from its last checkpoint. */
    runDir: z.string().min(1),
  })
  .strict();
export type GrpoInput = z.input<typeof grpoInputSchema>;
export type GrpoConfig = z.output<typeof grpoInputSchema>;

export const grpoSampleSchema = z.object({
  prompt: z.string(),
  reply: z.string(),
  reward: z.number(),
  advantage: z.number(),
});

/** What a GRPO job streams: per step the metrics TRL logs, the sampled replies, pass@1, checkpoints. */
/** What a GRPO job is doing besides steps; the UI says it (rl namespace, `stage.<code>`). */
export const grpoStageParams = {
  /** The run went on from its latest checkpoint. */
  resumed: z.object({ step: z.number().int() }),
};
export const grpoStageSchema = stageSchema(grpoStageParams);
export type GrpoStage = z.infer<typeof grpoStageSchema>;

export const grpoProgressSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    step: z.number(),
    totalSteps: z.number(),
    /** Mean and standard deviation of the total reward over this step's samples. */
    reward: z.number(),
    rewardStd: z.number(),
    /** Mean per-reward scores, in the order of the config's rewards. */
    rewardParts: z.array(z.number()),
    /** TRL's kl: mean over completions of the mean token k3 estimate of KL(π‖π_ref), before the update. */
    kl: z.number(),
    /** Mean completion length in tokens. */
    completionLength: z.number(),
    /** Fraction of groups whose rewards were all equal (no signal). */
    zeroStdFraction: z.number(),
    gradNorm: z.number(),
    samplingMs: z.number(),
    updateMs: z.number(),
  }),
  z.object({ type: z.literal('samples'), step: z.number(), samples: z.array(grpoSampleSchema) }),
  z.object({ type: z.literal('eval'), step: z.number(), passAt1: z.number(), heldOut: z.number() }),
  z.object({ type: z.literal('checkpoint'), step: z.number(), path: z.string() }),
  z.object({ type: z.literal('status'), stage: grpoStageSchema }),
]);
export type GrpoProgress = z.infer<typeof grpoProgressSchema>;

export const grpoResultSchema = z.object({
  status: z.enum(['done', 'paused']),
  outPath: z.string().nullable(),
  step: z.number(),
  resumedFrom: z.number(),
  /** Mean reward of the first and the last step run (this session). */
  firstReward: z.number().nullable(),
  lastReward: z.number().nullable(),
  passAt1Before: z.number().nullable(),
  passAt1After: z.number().nullable(),
  lastKl: z.number().nullable(),
  seconds: z.number(),
});
export type GrpoResult = z.infer<typeof grpoResultSchema>;

export const rlMethods = {
  /** Starts (or, with the same runDir, resumes) a GRPO job; progress is GrpoProgress, the result GrpoResult. */
  'rl.grpoStart': method(grpoInputSchema, z.object({ jobId: z.string() })),
  /** Asks a running GRPO job to checkpoint and stop after its current step (resume with rl.grpoStart). */
  'rl.grpoPause': method(z.object({ runDir: z.string().min(1) }).strict(), z.object({ paused: z.boolean() })),
  /** The steps, samples and evaluations a run in runDir has recorded so far (a reloaded dashboard). */
  'rl.grpoHistory': method(z.object({ runDir: z.string().min(1) }).strict(), z.object({ items: z.array(grpoProgressSchema) })),
  /**
   * Starts a 'compare-alignment' job: refusal SFT, DPO and GRPO from one warm start of a world chat model, measured
   * on one held-out probe (alignmentComparison.ts); progress is CompareAlignmentProgress, the result CompareAlignmentResult.
   */
  'rl.compareAlignmentStart': method(compareAlignmentInputSchema, z.object({ jobId: z.string() })),
} as const;

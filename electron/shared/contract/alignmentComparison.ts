import { z } from 'zod';
import { stageSchema } from './progressStage.ts';

/**
 * The lectures' experiment on the nano world (issue 26): from one warm start of the world chat model, teach it
 * to say "I don't know" about people who do not exist by refusal SFT, by DPO on refusal-vs-invented-answer pairs
 * and by GRPO with the exact-fact + refusal rewards, each for the same number of optimizer steps over the same
 * training prompts; then ask all of them one probe of known people's facts and nonexistent people, both held out
 * from the training prompts, and measure what each learnt (refusing the nonexistent), what it cost (refusing the
 * known, forgetting facts) and how varied its sampled replies stay.
 */

export const alignmentMethodSchema = z.enum(['chat', 'warm-start', 'refusal-sft', 'dpo', 'grpo']);
export type AlignmentMethod = z.infer<typeof alignmentMethodSchema>;

export const compareAlignmentInputSchema = z
  .object({
    /** A world folder (facts.json, qa.jsonl): `workbench world generate` / pretraining.prepareWorld. */
    worldDir: z.string().min(1),
    /** The world chat model (base → chat SFT on the known people's questions): it invents answers about anyone. */
    modelPath: z.string().min(1),
    /** Where the warm start's and each method's LoRA adapters (and GRPO's run folder) are written. */
    outDir: z.string().min(1),
    /** LoRA SFT steps of the shared warm start: enough that a refusal is sometimes sampled, so GRPO has a signal. */
    warmStartSteps: z.number().int().min(0).max(10_000).default(60),
    /** Optimizer steps of each method: the equal budget. */
    steps: z.number().int().min(1).max(10_000).default(60),
    /** Training prompts per optimizer step, the same for the three methods (GRPO samples `generations` replies to each). */
    promptsPerStep: z.number().int().min(1).max(64).default(8),
    generations: z.number().int().min(2).max(64).default(6),
    learningRate: z.number().positive().max(1).default(2e-3),
    /** DPO's β (TRL's default 0.1). */
    dpoBeta: z.number().positive().max(10).default(0.1),
    /** GRPO's KL coefficient β. */
    grpoBeta: z.number().min(0).max(10).default(0.04),
    /** Sampled replies per probe question for the diversity measures. */
    samples: z.number().int().min(2).max(64).default(4),
    /** At most this many probe questions per group (known, nonexistent), spread over people and facts; 0: all. */
    probePerGroup: z.number().int().min(0).max(10_000).default(0),
    temperature: z.number().positive().max(4).default(1),
    maxTokens: z.number().int().min(1).max(256).default(16),
    loraRank: z.number().int().min(1).max(256).default(8),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    threads: z.number().int().min(1).max(1024).optional(),
  })
  .strict();
export type CompareAlignmentInput = z.input<typeof compareAlignmentInputSchema>;
export type CompareAlignmentConfig = z.output<typeof compareAlignmentInputSchema>;

/** What one policy does on the probe, all from its own generations. */
export const alignmentMeasuresSchema = z.object({
  /** Greedy reply exactly the fact, over the probe's known-people questions. */
  knownAccuracy: z.number(),
  /** Greedy reply a refusal, over the probe's nonexistent-people questions. */
  nonexistentRefusal: z.number(),
  /** Greedy reply a refusal, over the probe's known-people questions: the cost of refusing. */
  overRefusal: z.number(),
  /**
   * Greedy reply a refusal on the nonexistent people the training named: beside nonexistentRefusal it tells a
   * method that learnt those names from one that learnt who exists.
   */
  trainedNonexistentRefusal: z.number(),
  /** Mean over probe questions of distinct sampled replies / samples (1: every sample differs). */
  distinctReplies: z.number(),
  /** Distinct token bigrams / all token bigrams over every sampled reply (distinct-2). */
  distinct2: z.number(),
  knownAsked: z.number().int(),
  nonexistentAsked: z.number().int(),
  trainedNonexistentAsked: z.number().int(),
  samplesPerQuestion: z.number().int(),
});
export type AlignmentMeasures = z.infer<typeof alignmentMeasuresSchema>;

export const alignmentRowSchema = z.object({
  method: alignmentMethodSchema,
  /** The LoRA measured (null: the chat model itself). */
  adapterPath: z.string().nullable(),
  /** Optimizer steps this method took from the warm start (the warm start's own for it; 0 for the chat model). */
  steps: z.number().int(),
  /** Training seconds of this method (sampling included for GRPO). */
  trainSeconds: z.number(),
  measures: alignmentMeasuresSchema,
  /** A few greedy replies from the probe, for reading. */
  examples: z.array(z.object({ group: z.enum(['known', 'nonexistent']), question: z.string(), expected: z.string().nullable(), reply: z.string() })),
});
export type AlignmentRow = z.infer<typeof alignmentRowSchema>;

/** What the comparison is doing for one method; the UI says it after the method's name (rl namespace, `alignment.stage.<code>`). */
export const alignmentStageParams = {
  training: z.object({ steps: z.number().int() }),
  /** GRPO: its steps and the replies sampled per prompt. */
  training_grpo: z.object({ steps: z.number().int(), generations: z.number().int() }),
  measuring: z.object({ questions: z.number().int() }),
};
export const alignmentStageSchema = stageSchema(alignmentStageParams);
export type AlignmentStage = z.infer<typeof alignmentStageSchema>;

export const compareAlignmentProgressSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stage'), method: alignmentMethodSchema, stage: alignmentStageSchema }),
  /** A training step: loss for SFT and DPO, mean reward for GRPO. */
  z.object({ type: z.literal('step'), method: alignmentMethodSchema, step: z.number().int(), totalSteps: z.number().int(), metric: z.enum(['loss', 'dpo-loss', 'reward']), value: z.number() }),
  z.object({ type: z.literal('row'), row: alignmentRowSchema }),
]);
export type CompareAlignmentProgress = z.infer<typeof compareAlignmentProgressSchema>;

export const alignmentSplitSchema = z.object({
  trainKnownPeople: z.number().int(),
  trainNonexistentPeople: z.number().int(),
  probeKnownPeople: z.number().int(),
  probeNonexistentPeople: z.number().int(),
  trainPrompts: z.number().int(),
  probeQuestions: z.number().int(),
});

export const compareAlignmentResultSchema = z.object({
  rows: z.array(alignmentRowSchema),
  split: alignmentSplitSchema,
  settings: z.object({
    warmStartSteps: z.number().int(),
    steps: z.number().int(),
    promptsPerStep: z.number().int(),
    generations: z.number().int(),
    learningRate: z.number(),
    dpoBeta: z.number(),
    grpoBeta: z.number(),
    samples: z.number().int(),
    temperature: z.number(),
    seed: z.number().int(),
  }),
  seconds: z.number(),
});
export type CompareAlignmentResult = z.infer<typeof compareAlignmentResultSchema>;

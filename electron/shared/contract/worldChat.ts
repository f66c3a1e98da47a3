import { z } from 'zod';
import { method } from './define.ts';

/**
 * The second half of nano pretraining, the lecture's loop closed on a synthetic world with exact ground truth:
 * turn the pretrained base into a chat model (full-parameter SFT on the known people's questions), probe base and
 * chat models on known / held-out / nonexistent people, build "I don't know" SFT and DPO data from what the probe
 * found (the hallucination lab's recipe), train on it, and compare the stages before/after.
 *
 * A world folder is what `pretraining.prepareWorld` (or `workbench world generate`) wrote: facts.json, qa.jsonl,
 * probes.jsonl, corpus.txt and the tokenizer next to them.
 */

export const worldGroupSchema = z.enum(['known', 'heldOut', 'nonexistent']);
export type WorldGroup = z.infer<typeof worldGroupSchema>;

export const worldLanguageSchema = z.enum(['en', 'zh']);

export const worldSftInputSchema = z
  .object({
    worldDir: z.string().min(1),
    /** The model to start from: the pretrained base for 'known-qa', the chat model for 'idk'. */
    modelPath: z.string().min(1),
    /**
     * 'known-qa': the known people's questions with their exact answers (base → chat).
     * 'idk': the SFT file written by worldChat.buildIdkData ("I don't know" for people the model should not
     * claim to know, the known answers replayed so they are not forgotten).
     */
    data: z.enum(['known-qa', 'idk']).default('known-qa'),
    /** Required for 'idk': worldChat.buildIdkData's sftPath. */
    idkDataPath: z.string().min(1).optional(),
    steps: z.number().int().min(1).max(100_000).optional(),
    learningRate: z.number().positive().max(1).optional(),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    threads: z.number().int().min(1).max(1024).optional(),
    /** Where the model GGUF is written; default: a new file in the data home's models folder. */
    outPath: z.string().min(1).optional(),
    /** Library name of the new model. */
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type WorldSftInput = z.input<typeof worldSftInputSchema>;

/** job.progress data of a 'world-sft' job. */
export const worldSftProgressSchema = z.object({
  type: z.literal('step'),
  step: z.number().int(),
  totalSteps: z.number().int(),
  loss: z.number(),
  elapsedMs: z.number(),
});

/** The result of a 'world-sft' job. */
export const worldSftResultSchema = z.object({
  outPath: z.string(),
  /** The model's id in the library. */
  modelId: z.string(),
  data: z.enum(['known-qa', 'idk']),
  examples: z.number().int(),
  steps: z.number().int(),
  initialLoss: z.number(),
  finalLoss: z.number(),
  seconds: z.number(),
});
export type WorldSftResult = z.infer<typeof worldSftResultSchema>;

export const worldProbeInputSchema = z
  .object({
    worldDir: z.string().min(1),
    /** Up to four models probed on the same questions, e.g. base / chat / chat after "I don't know" training. */
    models: z.array(z.object({ label: z.string().min(1).max(40), modelPath: z.string().min(1) })).min(1).max(4),
    /** Questions per group and language (the same people for every model). */
    perGroup: z.number().int().min(1).max(500).default(20),
    languages: z.array(worldLanguageSchema).min(1).default(['en', 'zh']),
  })
  .strict();
export type WorldProbeInput = z.input<typeof worldProbeInputSchema>;

/**
 * How one answer is judged against the ground truth: 'correct' (exactly the fact), 'refused' (an "I don't know"
 * phrase), 'wrong' (a different fact about a real person), 'hallucinated' (a fact claimed about a nonexistent person).
 */
export const worldVerdictSchema = z.enum(['correct', 'wrong', 'refused', 'hallucinated']);
export type WorldVerdict = z.infer<typeof worldVerdictSchema>;

export const worldProbeCountsSchema = z.object({
  asked: z.number().int(),
  correct: z.number().int(),
  wrong: z.number().int(),
  refused: z.number().int(),
  hallucinated: z.number().int(),
});
export type WorldProbeCounts = z.infer<typeof worldProbeCountsSchema>;

export const worldProbeItemSchema = z.object({
  personId: z.string(),
  group: worldGroupSchema,
  language: worldLanguageSchema,
  question: z.string(),
  /** Ground truth; null for nonexistent people (the right answer is "I don't know"). */
  expected: z.string().nullable(),
  /** By model label. */
  answers: z.record(z.string(), z.object({ text: z.string(), verdict: worldVerdictSchema })),
});
export type WorldProbeItem = z.infer<typeof worldProbeItemSchema>;

/** The result of a 'world-probe' job; job.progress data is { type: 'probe', label, done, total }. */
export const worldProbeReportSchema = z.object({
  worldDir: z.string(),
  models: z.array(
    z.object({
      label: z.string(),
      modelPath: z.string(),
      /** Chat questions ("Where was X born?") by group. */
      byGroup: z.record(worldGroupSchema, worldProbeCountsSchema),
      /** Base-model style: greedy completion of "<Name> was born in" for known people (what pretraining taught). */
      completion: z.object({ asked: z.number().int(), correct: z.number().int() }),
    }),
  ),
  items: z.array(worldProbeItemSchema),
});
export type WorldProbeReport = z.infer<typeof worldProbeReportSchema>;

export const worldProbeProgressSchema = z.object({ type: z.literal('probe'), label: z.string(), done: z.number().int(), total: z.number().int() });

export const buildIdkDataInputSchema = z
  .object({
    worldDir: z.string().min(1),
    /** A worldChat.probe report; the answers of `label` decide which questions get "I don't know". */
    report: worldProbeReportSchema,
    label: z.string().min(1),
    /** Name prefix of the two datasets added to the library. */
    name: z.string().min(1).max(200).default('world I-don\'t-know'),
  })
  .strict();
export type BuildIdkDataInput = z.input<typeof buildIdkDataInputSchema>;

export const idkDataSchema = z.object({
  /** Chat SFT jsonl (messages), also imported into Datasets. */
  sftPath: z.string(),
  sftDatasetId: z.string(),
  sftRows: z.number().int(),
  /** Preference jsonl (prompt / chosen / rejected), also imported into Datasets. */
  dpoPath: z.string(),
  dpoDatasetId: z.string(),
  dpoPairs: z.number().int(),
  /** How the rows were chosen, by reason (e.g. nonexistent person, held-out answered wrong, known replay). */
  reasons: z.record(z.string(), z.number().int()),
});
export type IdkData = z.infer<typeof idkDataSchema>;

export const worldChatMethods = {
  /** Starts a 'world-sft' job in the trainer host (full-parameter SFT of a nano model); the result is WorldSftResult. */
  'worldChat.sft': method(worldSftInputSchema, z.object({ jobId: z.string() })),
  /** Starts a 'world-probe' job in the inference host; the result is WorldProbeReport. */
  'worldChat.probe': method(worldProbeInputSchema, z.object({ jobId: z.string() })),
  /** Writes "I don't know" SFT + DPO data from a probe report and imports both into Datasets. */
  'worldChat.buildIdkData': method(buildIdkDataInputSchema, idkDataSchema),
} as const;

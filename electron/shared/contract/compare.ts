import { z } from 'zod';
import { method } from './define.ts';
import { workbenchErrorSchema } from './errors.ts';
import { adapterRefSchema, finishReasonSchema, samplingSchema, scoredTokenSchema, timingsSchema, type SamplingInput } from './generate.ts';
import { modelRefSchema } from './models.ts';

/**
 * Compare: 2–4 contenders (model + adapters + mode + sampling) on the same prompts, streamed side by side; the
 * shift view (one text scored under every contender); prompt sets kept in history; blind A/B votes with a
 * Bradley-Terry / Elo leaderboard.
 */

/** raw: plain continuation. chat: the chat template. fewshot: a base model sees a dialogue that makes it answer. */
export const compareModeSchema = z.enum(['raw', 'chat', 'fewshot']);
export type CompareMode = z.infer<typeof compareModeSchema>;

export const samplingPresetSchema = z.enum(['greedy', 'balanced', 'creative']);
export type SamplingPreset = z.infer<typeof samplingPresetSchema>;

/** What each preset sets; the run's seed is shared by every column so their draws are comparable. */
export const samplingPresets: Record<SamplingPreset, Omit<SamplingInput, 'seed'>> = {
  greedy: { temperature: 0, topK: 40, topP: 1, minP: 0, repeatPenalty: 1 },
  balanced: { temperature: 0.7, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1 },
  creative: { temperature: 1.1, topK: 0, topP: 0.98, minP: 0.02, repeatPenalty: 1 },
};

/** Per-contender changes on top of the preset. No defaults here: an absent field keeps the preset's value. */
export const samplingOverridesSchema = z
  .object({
    temperature: z.number().min(0).max(5).optional(),
    topK: z.number().int().min(0).max(100_000).optional(),
    topP: z.number().min(0).max(1).optional(),
    minP: z.number().min(0).max(1).optional(),
    repeatPenalty: z.number().min(0.1).max(5).optional(),
    presencePenalty: z.number().min(-2).max(2).optional(),
    frequencyPenalty: z.number().min(-2).max(2).optional(),
    penaltyLastN: z.number().int().min(0).max(4096).optional(),
  })
  .strict();
export type SamplingOverrides = z.infer<typeof samplingOverridesSchema>;

export const contenderSchema = z
  .object({
    model: modelRefSchema,
    adapters: z.array(adapterRefSchema).max(8).default([]),
    mode: compareModeSchema.default('raw'),
    preset: samplingPresetSchema.default('balanced'),
    sampling: samplingOverridesSchema.default({}),
    /** Shown instead of the generated label ("model + adapter ×0.8 · few-shot") when not empty. */
    label: z.string().trim().max(120).default(''),
  })
  .strict();
export type Contender = z.infer<typeof contenderSchema>;
export type ContenderInput = z.input<typeof contenderSchema>;

/** A contender as it ran: the files it named and the sampling it used. */
export const resolvedContenderSchema = contenderSchema.extend({
  label: z.string(),
  /** Identity for the leaderboard: same model file, adapters, scales, mode and sampling ⇒ same key. */
  key: z.string(),
  modelPath: z.string(),
  modelName: z.string(),
  resolvedSampling: samplingSchema.omit({ seed: true }),
});
export type ResolvedContender = z.infer<typeof resolvedContenderSchema>;

export const fewShotLanguageSchema = z.enum(['auto', 'en', 'zh']);
export type FewShotLanguage = z.infer<typeof fewShotLanguageSchema>;

export const placementRequestSchema = z.enum(['auto', 'together', 'sequential']);
export const placementSchema = z.enum(['together', 'sequential']);
export type Placement = z.infer<typeof placementSchema>;

const nonEmptyPrompt = z.string().max(200_000).refine((text) => text.trim() !== '', 'the prompt is empty');

const contendersField = z.array(contenderSchema).min(2, 'compare at least 2 contenders').max(4, 'compare at most 4 contenders');

export const compareRunRequestSchema = z
  .object({
    contenders: contendersField,
    prompts: z.array(nonEmptyPrompt).min(1).max(2000),
    /** Chat and few-shot columns: the system message (few-shot: replaces the dialogue's opening line). */
    system: z.string().max(20_000).default(''),
    maxTokens: z.number().int().min(1).max(8192).default(256),
    /** null: one seed is drawn for the run and recorded, so it can be re-run exactly. */
    seed: z.number().int().min(0).max(0xffff_ffff).nullable().default(null),
    placement: placementRequestSchema.default('auto'),
    fewShotLanguage: fewShotLanguageSchema.default('auto'),
    title: z.string().trim().max(200).default(''),
  })
  .strict();
export type CompareRunRequest = z.infer<typeof compareRunRequestSchema>;
export type CompareRunRequestInput = z.input<typeof compareRunRequestSchema>;

/** Why the columns run together or one after another, with the memory arithmetic behind it. */
export const placementPlanSchema = z.object({
  placement: placementSchema,
  /** Whether the user asked for it (true) or the memory estimate decided (false). */
  forced: z.boolean(),
  neededRamBytes: z.number(),
  freeRamBytes: z.number(),
  neededVramBytes: z.number(),
  freeVramBytes: z.number().nullable(),
  /** Distinct model files the contenders use. */
  models: z.number().int(),
  reason: z.string(),
});
export type PlacementPlan = z.infer<typeof placementPlanSchema>;

/** One prompt × one contender. */
export const compareCellSchema = z.object({
  prompt: z.number().int(),
  column: z.number().int(),
  text: z.string(),
  finishReason: finishReasonSchema.nullable(),
  seed: z.number().int().nullable(),
  /** null in blind rounds (speed would give the model away) and for failed cells. */
  timings: timingsSchema.nullable(),
  /** What the model saw (the chat template or the few-shot dialogue); null in blind rounds. */
  renderedPrompt: z.string().nullable(),
  error: workbenchErrorSchema.nullable(),
});
export type CompareCell = z.infer<typeof compareCellSchema>;

/** job.progress data items of a compare job (and of a blind round, whose columns are A = 0, B = 1). */
export const compareProgressItemSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('plan'), plan: placementPlanSchema }),
  z.object({ type: z.literal('cell-start'), prompt: z.number().int(), column: z.number().int() }),
  z.object({ type: z.literal('token'), prompt: z.number().int(), column: z.number().int(), delta: z.string(), tokenId: z.number().int().nullable() }),
  z.object({ type: z.literal('cell-done'), cell: compareCellSchema }),
]);
export type CompareProgressItem = z.infer<typeof compareProgressItemSchema>;

export const compareRunStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const compareSettingsSchema = z.object({
  system: z.string(),
  maxTokens: z.number().int(),
  /** The seed every cell used. */
  seed: z.number().int(),
  fewShotLanguage: fewShotLanguageSchema,
  placement: placementRequestSchema,
});

export const compareRunRecordSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  title: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  state: compareRunStateSchema,
  plan: placementPlanSchema.nullable(),
  contenders: z.array(resolvedContenderSchema),
  settings: compareSettingsSchema,
  prompts: z.array(z.string()),
  /** Finished cells, by prompt then column. */
  cells: z.array(compareCellSchema),
  error: workbenchErrorSchema.nullable(),
});
export type CompareRunRecord = z.infer<typeof compareRunRecordSchema>;

export const compareRunSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  state: compareRunStateSchema,
  promptCount: z.number().int(),
  cellsDone: z.number().int(),
  contenderLabels: z.array(z.string()),
  firstPrompt: z.string(),
});
export type CompareRunSummary = z.infer<typeof compareRunSummarySchema>;

export const shiftRequestSchema = z
  .object({
    contenders: z.array(contenderSchema).min(2, 'score under at least 2 contenders').max(4),
    /** The text scored under every contender (a reference answer or one column's output). */
    text: z.string().max(200_000).refine((text) => text !== '', 'give a text to score'),
    /** The prompt the text answers; each contender sees it the way its mode would show it. */
    prompt: z.string().max(200_000).default(''),
    system: z.string().max(20_000).default(''),
    /** false: score the text on its own, with no prompt before it. */
    conditionOnPrompt: z.boolean().default(true),
    /** The column the others are compared with. */
    baseline: z.number().int().min(0).max(3).default(0),
    top: z.number().int().min(0).max(10).default(3),
    fewShotLanguage: fewShotLanguageSchema.default('auto'),
  })
  .strict();
export type ShiftRequest = z.infer<typeof shiftRequestSchema>;
export type ShiftRequestInput = z.input<typeof shiftRequestSchema>;

/** A piece of the text that every contender's tokens cover exactly (one token when they tokenize alike). */
export const shiftSegmentSchema = z.object({
  text: z.string(),
  /** Per column: log P(segment | everything before) = the sum over its tokens; null when unknown (no context, error). */
  logprobs: z.array(z.number().nullable()),
  /** Per column: how many of its tokens the segment holds. */
  tokenCounts: z.array(z.number().int()),
});
export type ShiftSegment = z.infer<typeof shiftSegmentSchema>;

export const shiftColumnSchema = z.object({
  label: z.string(),
  key: z.string(),
  tokens: z.array(scoredTokenSchema),
  loss: z.number().nullable(),
  perplexity: z.number().nullable(),
  /** Sum of the scored tokens' log-probabilities: log P(text | context). */
  totalLogprob: z.number().nullable(),
  error: workbenchErrorSchema.nullable(),
});
export type ShiftColumn = z.infer<typeof shiftColumnSchema>;

export const shiftResultSchema = z.object({
  baseline: z.number().int(),
  /** tokens: every contender produced the same token ids. bytes: segments are the boundaries all tokenizations share. */
  alignment: z.enum(['tokens', 'bytes']),
  columns: z.array(shiftColumnSchema),
  segments: z.array(shiftSegmentSchema),
});
export type ShiftResult = z.infer<typeof shiftResultSchema>;

export const blindVerdictSchema = z.enum(['a', 'b', 'tie', 'both_bad']);
export type BlindVerdict = z.infer<typeof blindVerdictSchema>;

export const blindRoundSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  prompt: z.string(),
  state: z.enum(['generating', 'ready', 'voted', 'failed']),
  /** Outputs A and B once generated (empty while generating). */
  texts: z.array(z.string()),
  verdict: blindVerdictSchema.nullable(),
  /** Who A and B were: only after the vote. */
  reveal: z.object({ a: z.object({ label: z.string(), key: z.string() }), b: z.object({ label: z.string(), key: z.string() }) }).nullable(),
  error: workbenchErrorSchema.nullable(),
});
export type BlindRound = z.infer<typeof blindRoundSchema>;

export const leaderboardEntrySchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Bradley-Terry strength on the Elo scale (1000 = average of the contenders voted on). */
  rating: z.number(),
  /** 95% interval from the Fisher information of the fit. */
  ratingLow: z.number(),
  ratingHigh: z.number(),
  /** Sequential Elo over the votes in the order they were cast (K = 32). */
  elo: z.number(),
  games: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  ties: z.number().int(),
  bothBad: z.number().int(),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;

export const leaderboardSchema = z.object({
  /** Best first by Bradley-Terry rating. */
  entries: z.array(leaderboardEntrySchema),
  votes: z.number().int(),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;

const exportSchema = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });

export const compareMethods = {
  /** Starts a compare job: progress data are CompareProgressItem, the result is the CompareRunRecord (also in history). */
  'compare.run': method(compareRunRequestSchema, z.object({ jobId: z.string(), runId: z.string() })),
  /** The memory estimate before a run: will the contenders' models fit together? */
  'compare.plan': method(z.object({ contenders: contendersField, placement: placementRequestSchema.default('auto') }).strict(), placementPlanSchema),
  /** The dialogue a base model sees in few-shot mode, so the UI can show it. */
  'compare.fewShotPrompt': method(
    z.object({ prompt: z.string().max(200_000), system: z.string().max(20_000).default(''), language: fewShotLanguageSchema.default('auto') }).strict(),
    z.object({ prompt: z.string(), stop: z.array(z.string()), language: z.enum(['en', 'zh']) }),
  ),
  /** A prompt set from text: one prompt per line, a JSON array, or JSON lines ({"prompt": …} or strings). */
  'compare.parsePrompts': method(
    z.object({ text: z.string().max(20_000_000), fileName: z.string().max(1000).default('') }).strict(),
    z.object({ prompts: z.array(z.string()), format: z.enum(['lines', 'json', 'jsonl']) }),
  ),
  'compare.shift': method(shiftRequestSchema, shiftResultSchema),
  'compare.history': method(
    z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }).strict(),
    z.object({ runs: z.array(compareRunSummarySchema), total: z.number().int() }),
  ),
  'compare.historyGet': method(z.object({ id: z.string().min(1) }).strict(), compareRunRecordSchema),
  'compare.historyDelete': method(z.object({ id: z.string().min(1) }).strict(), z.object({ deleted: z.boolean() })),
  /** Runs a saved comparison again: same contenders, prompts, settings and seed. */
  'compare.rerun': method(z.object({ id: z.string().min(1) }).strict(), z.object({ jobId: z.string(), runId: z.string() })),
  'compare.export': method(z.object({ id: z.string().min(1), format: z.enum(['csv', 'json', 'markdown']) }).strict(), exportSchema),
  /** Picks two of the contenders, hides who is who and in which order, and generates both answers (a job). */
  'compare.blindStart': method(
    z
      .object({
        contenders: contendersField,
        prompt: nonEmptyPrompt,
        system: z.string().max(20_000).default(''),
        maxTokens: z.number().int().min(1).max(8192).default(256),
        seed: z.number().int().min(0).max(0xffff_ffff).nullable().default(null),
        fewShotLanguage: fewShotLanguageSchema.default('auto'),
      })
      .strict(),
    z.object({ jobId: z.string(), roundId: z.string() }),
  ),
  'compare.blindGet': method(z.object({ roundId: z.string().min(1) }).strict(), blindRoundSchema),
  /** Records the vote and reveals who A and B were. A round takes one vote. */
  'compare.blindVote': method(z.object({ roundId: z.string().min(1), verdict: blindVerdictSchema }).strict(), blindRoundSchema),
  'compare.blindRounds': method(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), z.array(blindRoundSchema)),
  'compare.leaderboard': method(z.object({}).strict(), leaderboardSchema),
  /** Deletes every blind round and vote (the leaderboard starts over). */
  'compare.blindReset': method(z.object({ confirm: z.literal(true) }).strict(), z.object({ deleted: z.number().int() })),
} as const;

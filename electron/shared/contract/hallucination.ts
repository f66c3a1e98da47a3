import { z } from 'zod';
import { method } from './define.ts';

/**
 * The hallucination lab: a bilingual prompt suite, offline scoring (no judge model), runs across models, the
 * "context fixes it" re-run, and knowledge probing that turns a run into SFT and DPO training sets.
 */

/** The built-in suite's categories. User suites may add their own (any lowercase slug). */
export const builtinCategories = [
  'nonexistent_entity',
  'false_premise',
  'riddle',
  'identity_trick',
  'number_comparison',
  'dated_fact',
  'time_sensitive',
  'private_data',
  'misconception',
] as const;

export const suiteLanguages = ['en', 'zh'] as const;
export const suiteLanguageSchema = z.enum(suiteLanguages);
export type SuiteLanguage = z.infer<typeof suiteLanguageSchema>;

/** What a good reply does: give the answer, decline, correct the false premise, or ask which one is meant. */
export const expectedBehaviours = ['answer', 'refuse', 'correct_premise', 'clarify'] as const;
export const expectedBehaviourSchema = z.enum(expectedBehaviours);
export type ExpectedBehaviour = z.infer<typeof expectedBehaviourSchema>;

/** SimpleQA's three grades. For refuse/clarify items, doing the expected thing is "correct". */
export const verdicts = ['correct', 'incorrect', 'not_attempted'] as const;
export const verdictSchema = z.enum(verdicts);
export type Verdict = z.infer<typeof verdictSchema>;

const nonEmpty = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const referenceAnswerSchema = z
  .object({
    answer: nonEmpty(500),
    /** Other spellings that count as the same answer (2021年1月1日, January 1, 2021 ...). */
    aliases: z.array(nonEmpty(500)).default([]),
  })
  .strict();
export type ReferenceAnswer = z.infer<typeof referenceAnswerSchema>;

/** One line of a suite file (JSONL). The built-in suite and user suites share this shape. */
export const suiteItemSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'use 1-120 letters, digits, dots, dashes or underscores'),
    category: z.string().regex(/^[a-z0-9_-]{1,60}$/, 'use a lowercase slug such as false_premise'),
    lang: suiteLanguageSchema,
    prompt: nonEmpty(4000),
    expected: expectedBehaviourSchema,
    /** Answers (or, for premise items, the corrections) that make a reply correct. */
    references: z.array(referenceAnswerSchema).default([]),
    /** Known wrong answers: a reply that states one of these is incorrect even if it also states a reference. */
    incorrect: z.array(nonEmpty(500)).default([]),
    /** An ideal full reply, used as the training target in exported SFT/DPO sets. */
    response: nonEmpty(4000).optional(),
    /** A reference passage for the "context fixes it" re-run. */
    passage: nonEmpty(8000).optional(),
    /** Multiple-choice options, scored by the log-likelihood the model gives each one. */
    choices: z.array(nonEmpty(500)).min(2).max(10).optional(),
    correctChoice: z.number().int().min(0).optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .superRefine((item, context) => {
    if (item.expected === 'answer' && item.references.length === 0) {
      context.addIssue({ code: 'custom', path: ['references'], message: 'an item that expects an answer needs at least one reference answer', params: { rule: 'needs_reference' } });
    }
    if ((item.choices === undefined) !== (item.correctChoice === undefined)) {
      context.addIssue({ code: 'custom', path: [item.choices === undefined ? 'choices' : 'correctChoice'], message: 'choices and correctChoice go together', params: { rule: 'choices_together' } });
    } else if (item.choices && item.correctChoice !== undefined && item.correctChoice >= item.choices.length) {
      context.addIssue({ code: 'custom', path: ['correctChoice'], message: `must be an index into choices (0-${item.choices.length - 1})`, params: { rule: 'choice_index', limit: item.choices.length - 1 } });
    }
  });
export type SuiteItem = z.output<typeof suiteItemSchema>;
export type SuiteItemInput = z.input<typeof suiteItemSchema>;

export const suiteSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }).strict(),
  z.object({ kind: z.literal('file'), path: nonEmpty(4096) }).strict(),
  z.object({ kind: z.literal('text'), name: nonEmpty(200), text: z.string().max(20_000_000) }).strict(),
]);
export type SuiteSource = z.infer<typeof suiteSourceSchema>;

export const suiteErrorCodes = [
  'empty_file',
  'binary_file',
  'bad_json',
  'not_object',
  'missing_field',
  'unknown_field',
  'invalid_value',
  'duplicate_id',
] as const;
/**
 * What was wrong with an `invalid_value`, so the UI can say it in its own words: the type expected, the bound
 * broken (`limit`: characters for text, entries for lists, the number itself otherwise), the allowed values, or which
 * of the suite's own rules failed.
 */
export const suiteValueProblems = ['type', 'too_small', 'too_big', 'one_of', 'not_empty', 'needs_reference', 'choices_together', 'choice_index', 'other'] as const;
export const suiteValueProblemSchema = z.enum(suiteValueProblems);
export type SuiteValueProblem = z.infer<typeof suiteValueProblemSchema>;

export const suiteErrorSchema = z.object({
  /** 1-based line in the file. */
  line: z.number().int().min(0),
  /** JSON path inside the line's object ("references[0].answer"); empty for the line itself. */
  path: z.string(),
  code: z.enum(suiteErrorCodes),
  /** The engine's English sentence (CLI, logs); the UI builds its own from the fields here. */
  message: z.string(),
  problem: suiteValueProblemSchema.optional(),
  expected: z.string().optional(),
  limit: z.number().optional(),
  options: z.array(z.string()).optional(),
  /** For duplicate_id: the id and the line that used it first. */
  id: z.string().optional(),
  firstLine: z.number().int().optional(),
});
export type SuiteError = z.infer<typeof suiteErrorSchema>;

export const loadedSuiteSchema = z.object({
  name: z.string(),
  sha256: z.string(),
  items: z.array(suiteItemSchema),
  errors: z.array(suiteErrorSchema),
  counts: z.record(z.string(), z.number().int()),
});
export type LoadedSuite = z.infer<typeof loadedSuiteSchema>;

/** The signals the scorer found in one reply, so the UI can show how a verdict was reached. */
export const scoreSignalsSchema = z.object({
  matchedReferences: z.array(z.string()),
  matchedIncorrect: z.array(z.string()),
  /** The reply repeated the prompt; the repeat was ignored before matching. */
  echoRemoved: z.boolean(),
  refusalPhrases: z.array(z.string()),
  premisePhrases: z.array(z.string()),
  clarifyPhrases: z.array(z.string()),
});
export type ScoreSignals = z.infer<typeof scoreSignalsSchema>;

/** Which rule decided a verdict; the UI words it in the user's language, `why` says it in English. */
export const verdictReasons = [
  'empty',
  'reference',
  'contradiction',
  'known_wrong',
  'declined',
  'declined_as_expected',
  'premise_corrected',
  'clarified',
  'no_match',
  'answered_instead_of_declining',
  'accepted_premise',
  'answered_without_clarifying',
] as const;
export const verdictReasonSchema = z.enum(verdictReasons);
export type VerdictReason = z.infer<typeof verdictReasonSchema>;

export const scoredOutputSchema = z.object({
  output: z.string(),
  verdict: verdictSchema,
  reason: verdictReasonSchema,
  why: z.string(),
  signals: scoreSignalsSchema,
});
export type ScoredOutput = z.infer<typeof scoredOutputSchema>;

export const runTargetSchema = z
  .object({
    /** A GGUF path or a library model id. */
    model: nonEmpty(4096),
    lora: nonEmpty(4096).optional(),
    loraScale: z.number().min(0).max(4).default(1),
    /** chat: the model's own chat template; raw: a plain "Question/Answer" frame for base models. */
    mode: z.enum(['auto', 'chat', 'raw']).default('auto'),
    label: z.string().trim().max(120).optional(),
  })
  .strict();
export type RunTarget = z.infer<typeof runTargetSchema>;

export const runSettingsSchema = z
  .object({
    /** Replies per item; more than one gives self-consistency and the known/unknown split for probing. */
    samples: z.number().int().min(1).max(20).default(1),
    /** Null: greedy for one sample, 0.8 for several (identical samples would say nothing about consistency). */
    temperature: z.number().min(0).max(2).nullable().default(null),
    maxTokens: z.number().int().min(1).max(1024).default(96),
    seed: z.number().int().min(0).max(0x7fff_ffff).default(42),
    /** Also re-run items that have a reference passage with the passage in the prompt. */
    contextRerun: z.boolean().default(false),
    /** Log-probability the model gives an "I don't know" reply against the reference answer. */
    refusalProbability: z.boolean().default(true),
    /** Score items with choices by the log-likelihood of each option. */
    multipleChoice: z.boolean().default(true),
  })
  .strict();
export type RunSettings = z.infer<typeof runSettingsSchema>;

export const refusalProbabilitySchema = z.object({
  /** log P(best "I don't know" reply | prompt), summed over its tokens. */
  refusalLogProb: z.number(),
  /** log P(best reference answer | prompt); null when the item has no reference. */
  answerLogProb: z.number().nullable(),
  /** P(refusal) / (P(refusal) + P(answer)); null without a reference. */
  refusalShare: z.number().nullable(),
});

export const multipleChoiceResultSchema = z.object({
  choices: z.array(z.string()),
  logProbs: z.array(z.number()),
  /** argmax of the summed log-probability (lm-eval "acc"). */
  chosen: z.number().int(),
  /** argmax of log-probability per UTF-8 byte of the option (lm-eval "acc_norm"). */
  chosenNormalized: z.number().int(),
  correctChoice: z.number().int(),
});

export const overrideSchema = z.object({ verdict: verdictSchema, note: z.string(), at: z.string() });

export const itemResultSchema = z.object({
  itemId: z.string(),
  category: z.string(),
  lang: suiteLanguageSchema,
  prompt: z.string(),
  expected: expectedBehaviourSchema,
  /** The first sample's reply. */
  output: z.string(),
  /** The override when there is one, otherwise the scorer's verdict. */
  verdict: verdictSchema,
  autoVerdict: verdictSchema,
  why: z.string(),
  override: overrideSchema.nullable(),
  samples: z.array(scoredOutputSchema),
  /** Share of samples graded correct (the knowledge-probing signal). */
  correctFraction: z.number(),
  /** Share of samples that agree with the most common answer (self-consistency). */
  agreement: z.number(),
  refusal: refusalProbabilitySchema.nullable(),
  multipleChoice: multipleChoiceResultSchema.nullable(),
  /** The "context fixes it" re-run with the item's reference passage in the prompt. */
  context: scoredOutputSchema.nullable(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const summaryBucketSchema = z.object({
  items: z.number().int(),
  correct: z.number().int(),
  incorrect: z.number().int(),
  notAttempted: z.number().int(),
  /** Mean of +1 correct, 0 not attempted, −1 incorrect. */
  score: z.number(),
  correctRate: z.number(),
  /** Correct among attempted (SimpleQA's "correct given attempted"); null when nothing was attempted. */
  attemptedAccuracy: z.number().nullable(),
  /** Harmonic mean of correctRate and attemptedAccuracy (SimpleQA's F-score). */
  fScore: z.number(),
  meanAgreement: z.number(),
  meanRefusalShare: z.number().nullable(),
  multipleChoiceAccuracy: z.number().nullable(),
  /** With the reference passage in context: verdicts that became correct / stopped being correct. */
  contextFixed: z.number().int(),
  contextBroke: z.number().int(),
});
export type SummaryBucket = z.infer<typeof summaryBucketSchema>;

export const runSummarySchema = z.object({
  overall: summaryBucketSchema,
  byCategory: z.record(z.string(), summaryBucketSchema),
  byLang: z.record(z.string(), summaryBucketSchema),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runRecordSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  label: z.string(),
  model: z.string(),
  modelPath: z.string(),
  lora: z.string().nullable(),
  loraScale: z.number(),
  mode: z.enum(['chat', 'raw']),
  suiteName: z.string(),
  suiteSha256: z.string(),
  settings: runSettingsSchema,
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  itemCount: z.number().int(),
  summary: runSummarySchema.nullable(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

/** Per-item progress in `job.progress` data while a run goes. */
export const runProgressSchema = z.object({
  runId: z.string(),
  itemId: z.string(),
  verdict: verdictSchema,
  done: z.number().int(),
  total: z.number().int(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const knowledgeThresholdSchema = z.number().min(0.01).max(1).default(0.5);

/** One run's numbers in the before/after table, with known/unknown taken from the first (baseline) run. */
export const beforeAfterRowSchema = z.object({
  runId: z.string(),
  label: z.string(),
  score: z.number(),
  correctRate: z.number(),
  knownItems: z.number().int(),
  unknownItems: z.number().int(),
  /** On items the baseline knew: still correct / now refused (over-refusal). */
  accuracyOnKnown: z.number().nullable(),
  overRefusalOnKnown: z.number().nullable(),
  /** On items the baseline did not know: declined or corrected (good) / answered wrongly (hallucination). */
  refusalOnUnknown: z.number().nullable(),
  hallucinationOnUnknown: z.number().nullable(),
});
export type BeforeAfterRow = z.infer<typeof beforeAfterRowSchema>;

export const comparisonSchema = z.object({
  runs: z.array(runRecordSchema),
  rows: z.array(
    z.object({
      itemId: z.string(),
      category: z.string(),
      lang: suiteLanguageSchema,
      prompt: z.string(),
      /** From the baseline run; null when the baseline has no result for the item. */
      known: z.boolean().nullable(),
      cells: z.array(z.object({ verdict: verdictSchema, overridden: z.boolean(), output: z.string(), why: z.string() }).nullable()),
    }),
  ),
  beforeAfter: z.array(beforeAfterRowSchema),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export const exportedSetSchema = z.object({
  path: z.string(),
  rows: z.number().int(),
  format: z.string(),
  /** The Datasets entry the file was imported as; null when the set has no rows (nothing to import). */
  datasetId: z.string().nullable(),
  /** Problems the Datasets importer found in the file (0 for a set this lab wrote). */
  problems: z.number().int(),
});
export const trainingExportSchema = z.object({
  known: z.number().int(),
  unknown: z.number().int(),
  sft: exportedSetSchema,
  dpo: exportedSetSchema.extend({ reversePairs: z.number().int() }),
  skipped: z.array(z.object({ itemId: z.string(), reason: z.string() })),
});
export type TrainingExport = z.infer<typeof trainingExportSchema>;

const runIdSchema = z.string().min(1).max(100);

export const hallucinationMethods = {
  'hallucination.loadSuite': method(z.object({ source: suiteSourceSchema }).strict(), loadedSuiteSchema),
  /** Grades one reply against one item, without a model: the scorer as a pure function. */
  'hallucination.scoreOutput': method(z.object({ item: suiteItemSchema, output: z.string().max(100_000) }).strict(), scoredOutputSchema),
  'hallucination.run': method(
    z
      .object({
        targets: z.array(runTargetSchema).min(1).max(4),
        suite: suiteSourceSchema,
        /** Only these items (by id) / categories; all when absent. */
        itemIds: z.array(z.string()).optional(),
        categories: z.array(z.string()).optional(),
        settings: runSettingsSchema.default(runSettingsSchema.parse({})),
      })
      .strict(),
    z.object({ jobId: z.string(), runIds: z.array(z.string()) }),
  ),
  'hallucination.rerunWithContext': method(
    z.object({ runId: runIdSchema, itemIds: z.array(z.string()).optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
  'hallucination.listRuns': method(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), z.array(runRecordSchema)),
  'hallucination.getRun': method(z.object({ runId: runIdSchema }).strict(), z.object({ run: runRecordSchema, items: z.array(itemResultSchema) })),
  'hallucination.deleteRun': method(z.object({ runId: runIdSchema }).strict(), z.object({ deleted: z.boolean() })),
  /** Sets (or, with verdict null, clears) the user's verdict for one item of a run; the summary follows it. */
  'hallucination.setOverride': method(
    z.object({ runId: runIdSchema, itemId: z.string().min(1), verdict: verdictSchema.nullable(), note: z.string().max(2000).default('') }).strict(),
    z.object({ item: itemResultSchema, summary: runSummarySchema }),
  ),
  'hallucination.compareRuns': method(
    z.object({ runIds: z.array(runIdSchema).min(1).max(6), knownThreshold: knowledgeThresholdSchema }).strict(),
    comparisonSchema,
  ),
  /** Known → reference answer, unknown → calibrated refusal (SFT); refusal vs own hallucination (DPO); both imported into Datasets. */
  'hallucination.exportTrainingSets': method(
    z
      .object({
        runId: runIdSchema,
        knownThreshold: knowledgeThresholdSchema,
        name: z.string().trim().regex(/^[A-Za-z0-9._-]{1,80}$/, 'use letters, digits, dots, dashes or underscores').optional(),
      })
      .strict(),
    trainingExportSchema,
  ),
} as const;

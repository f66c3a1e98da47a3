import { z } from 'zod';
import { method } from './define.ts';
import { workbenchErrorSchema } from './errors.ts';

/**
 * Benchmarks (the Evals page and `workbench eval`): multiple-choice items scored by the log-likelihood of each
 * choice after the question (acc and acc_norm as lm-evaluation-harness defines them), and generation items whose
 * final number is compared exactly (GSM8K style).
 */

/** A multiple-choice item: `answer` is the index of the right choice. */
export const evalChoiceItemSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('choice'),
  question: z.string().min(1),
  choices: z.array(z.string().min(1)).min(2).max(26),
  answer: z.number().int().min(0),
});
export type EvalChoiceItem = z.infer<typeof evalChoiceItemSchema>;

/** A generation item: the reply's final number must equal `answer`; `solution` is the worked answer few-shot examples show. */
export const evalNumberItemSchema = z.object({
  id: z.string().min(1),
  kind: z.literal('number'),
  question: z.string().min(1),
  answer: z.string().min(1),
  solution: z.string().nullable(),
});
export type EvalNumberItem = z.infer<typeof evalNumberItemSchema>;

export const evalItemSchema = z.discriminatedUnion('kind', [evalChoiceItemSchema, evalNumberItemSchema]);
export type EvalItem = z.infer<typeof evalItemSchema>;

/**
 * How an item becomes a prompt. qa: "Question: …\nAnswer:" and " choice" (lm-evaluation-harness's cloze form);
 * completion: the question is the start of a sentence and the choice its end; chat: the model's chat template
 * with the question as the user's turn and the choice as the reply.
 */
export const evalFrameSchema = z.enum(['qa', 'completion', 'chat']);
export type EvalFrame = z.infer<typeof evalFrameSchema>;

export const evalTaskSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  frame: evalFrameSchema.default('qa'),
  items: z.array(evalItemSchema).min(1),
});
export type EvalTask = z.infer<typeof evalTaskSchema>;

export const evalTaskSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), name: z.string().min(1) }),
  z.object({ kind: z.literal('file'), path: z.string().min(1) }),
]);
export type EvalTaskSource = z.infer<typeof evalTaskSourceSchema>;

export const evalTaskInfoSchema = z.object({
  source: evalTaskSourceSchema,
  name: z.string(),
  description: z.string(),
  frame: evalFrameSchema,
  items: z.number().int(),
  choiceItems: z.number().int(),
  numberItems: z.number().int(),
  /** Accuracy of guessing: the mean of 1 / choices over choice items (generation items count 0). */
  chance: z.number(),
});
export type EvalTaskInfo = z.infer<typeof evalTaskInfoSchema>;

export const evalTargetSchema = z.object({
  /** A library model (id or name) or a GGUF file. */
  model: z.string().min(1),
  lora: z.string().min(1).nullable().default(null),
  loraScale: z.number().min(-4).max(4).default(1),
});
export type EvalTarget = z.infer<typeof evalTargetSchema>;

export const evalSettingsSchema = z.object({
  /** Few-shot examples drawn from the task's own items (never the item itself). */
  shots: z.number().int().min(0).max(25).default(0),
  /** Seeds the few-shot draw. */
  seed: z.number().int().min(0).max(0xffff_ffff).default(1234),
  /** Only the first N items. */
  limit: z.number().int().min(1).nullable().default(null),
  /** Longest reply of a generation item, in tokens. */
  maxTokens: z.number().int().min(1).max(2048).default(256),
  /** null: the task's own frame. */
  frame: evalFrameSchema.nullable().default(null),
});
export type EvalSettings = z.infer<typeof evalSettingsSchema>;
export type EvalSettingsInput = z.input<typeof evalSettingsSchema>;

export const evalChoiceScoreSchema = z.object({
  text: z.string(),
  /** Sum of the continuation's token log-probabilities (nats). */
  logprob: z.number(),
  tokens: z.number().int(),
});

export const evalItemResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('choice'),
    itemId: z.string(),
    question: z.string(),
    choices: z.array(evalChoiceScoreSchema),
    answer: z.number().int(),
    /** argmax of log P. */
    chosen: z.number().int(),
    /** argmax of log P / characters of the choice (acc_norm). */
    chosenNorm: z.number().int(),
    /** argmax of log P / UTF-8 bytes of the choice (lm-eval's acc_bytes). */
    chosenBytes: z.number().int(),
    correct: z.boolean(),
    correctNorm: z.boolean(),
  }),
  z.object({
    kind: z.literal('number'),
    itemId: z.string(),
    question: z.string(),
    output: z.string(),
    /** The number read from the reply; null when it has none. */
    extracted: z.string().nullable(),
    answer: z.string(),
    correct: z.boolean(),
  }),
]);
export type EvalItemResult = z.infer<typeof evalItemResultSchema>;

export const evalIntervalSchema = z.tuple([z.number(), z.number()]);

export const evalSummarySchema = z.object({
  items: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number(),
  /** Wilson score interval, 95 %. */
  interval: evalIntervalSchema,
  /** acc_norm: choice items by length-normalised log P; generation items count as in accuracy. */
  accNorm: z.number(),
  accNormInterval: evalIntervalSchema,
  chance: z.number(),
});
export type EvalSummary = z.infer<typeof evalSummarySchema>;

export const evalRunStateSchema = z.enum(['running', 'done', 'failed', 'cancelled']);

export const evalRunSchema = z.object({
  id: z.string(),
  jobId: z.string().nullable(),
  label: z.string(),
  model: z.string(),
  modelPath: z.string(),
  lora: z.string().nullable(),
  loraScale: z.number(),
  taskName: z.string(),
  taskSha256: z.string(),
  frame: evalFrameSchema,
  settings: evalSettingsSchema,
  state: evalRunStateSchema,
  itemCount: z.number().int(),
  done: z.number().int(),
  summary: evalSummarySchema.nullable(),
  error: workbenchErrorSchema.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type EvalRun = z.infer<typeof evalRunSchema>;

export const evalProgressSchema = z.object({
  runId: z.string(),
  itemId: z.string(),
  correct: z.boolean(),
  done: z.number().int(),
  total: z.number().int(),
});
export type EvalProgress = z.infer<typeof evalProgressSchema>;

export const evalJobResultSchema = z.object({ runIds: z.array(z.string()), summaries: z.array(evalSummarySchema) });
export type EvalJobResult = z.infer<typeof evalJobResultSchema>;

export const evalsMethods = {
  /** The built-in tasks. */
  'evals.builtins': method(z.object({}).strict(), z.array(evalTaskInfoSchema)),
  /** Reads a task (a built-in or a file) and says what is in it; a malformed file fails naming its line and field. */
  'evals.inspectTask': method(z.object({ source: evalTaskSourceSchema }).strict(), evalTaskInfoSchema),
  /** Runs tasks on models (one run per model × task) as one job. */
  'evals.start': method(
    z
      .object({
        targets: z.array(evalTargetSchema).min(1).max(16),
        tasks: z.array(evalTaskSourceSchema).min(1).max(32),
        settings: evalSettingsSchema.default(evalSettingsSchema.parse({})),
      })
      .strict(),
    z.object({ jobId: z.string(), runIds: z.array(z.string()) }),
  ),
  'evals.runs': method(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).strict(), z.array(evalRunSchema)),
  /** One run with every item's detail (each choice's log P, the chosen one, the right one). */
  'evals.run': method(z.object({ id: z.string().min(1) }).strict(), z.object({ run: evalRunSchema, items: z.array(evalItemResultSchema) })),
  'evals.deleteRun': method(z.object({ id: z.string().min(1) }).strict(), z.object({ deleted: z.boolean() })),
} as const;

import { z } from 'zod';
import { method } from './define.ts';
import { detectionReasonSchema } from './datasetDetectionReasons.ts';
import { problemReasonSchema } from './datasetProblemReasons.ts';
import { encodeResultSchema, renderOptionsSchema, renderResultSchema, templateRefSchema, tokenizerDescriptionSchema, tokenizerRefSchema } from './tokenizer.ts';

/**
 * Datasets: import SFT, preference and pretraining data in the formats people bring, validate it row by row,
 * keep it in one canonical shape, inspect, edit, split and export it.
 */

/** Row formats (the shape of one record). `llamafactory` is a dataset_info.json that names other files. */
export const datasetFormats = ['alpaca', 'sharegpt', 'openai', 'text', 'trl-standard', 'trl-conversational', 'trl-implicit'] as const;
export const datasetFormatSchema = z.enum(datasetFormats);
export type DatasetFormat = z.infer<typeof datasetFormatSchema>;

/** How the records sit in the file. */
export const datasetFileTypes = ['jsonl', 'json', 'csv', 'txt'] as const;
export const datasetFileTypeSchema = z.enum(datasetFileTypes);
export type DatasetFileType = z.infer<typeof datasetFileTypeSchema>;

/** `kto`: conversations each labelled desirable or not (KTO's unpaired preference); never trained as plain SFT. */
export const datasetKinds = ['sft', 'preference', 'pretrain', 'kto'] as const;
export const datasetKindSchema = z.enum(datasetKinds);
export type DatasetKind = z.infer<typeof datasetKindSchema>;

export const problemCodes = [
  'bad_json',
  'bad_csv',
  'not_an_object',
  'missing_field',
  'wrong_type',
  'unknown_role',
  'roles_not_alternating',
  'no_assistant_turn',
  'empty_content',
  'bad_weight',
  'missing_chosen',
  'missing_rejected',
  'chosen_equals_rejected',
  'no_shared_prompt',
  'over_context',
  'missing_file',
  'unsupported_entry',
  'bad_label',
  'undesirable_row',
  'multimodal',
  'bad_tool_call',
  'bad_tools',
] as const;
export const problemCodeSchema = z.enum(problemCodes);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

/**
 * One problem in one row. `row` is the row as the user counts it: 1-based, the record's place in its file (rows added
 * later continue after the last); every page, message and CLI line names rows by it. `line` is 1-based in the file;
 * `index` is the 0-based item of a JSON array (as in the JSON path `$[index]`), kept for tools.
 */
export const datasetProblemSchema = z.object({
  row: z.number().int().nullable(),
  line: z.number().int().nullable(),
  index: z.number().int().nullable(),
  /** JSON path inside the file's record (`$[3].messages[2].role`, `$.output` for JSONL and CSV rows). */
  path: z.string(),
  code: problemCodeSchema,
  /** In English, for the CLI, logs and the API; the UI says the reason in its own language. */
  message: z.string(),
  /**
   * What exactly is wrong, as a key and params (datasetProblemReasons.ts). Absent on problems stored before
   * reasons existed; one this version does not know (a newer engine's) is dropped, and the UI shows `message`.
   */
  reason: problemReasonSchema.optional().catch(undefined),
  /** Set for problems in files named by a dataset_info.json. */
  file: z.string().optional(),
});
export type DatasetProblem = z.infer<typeof datasetProblemSchema>;

export const canonicalRoles = ['system', 'user', 'assistant', 'tool'] as const;
export const canonicalRoleSchema = z.enum(canonicalRoles);
export type CanonicalRole = z.infer<typeof canonicalRoleSchema>;

/** A turn as stored. `weight` 0 takes an assistant turn out of the train mask (OpenAI's per-message weight). */
/** A function call an assistant turn makes (ShareGPT's function_call turn, OpenAI's tool_calls). */
export const toolCallSchema = z.object({ name: z.string().min(1).max(200), arguments: z.unknown() }).strict();
export type ToolCall = z.infer<typeof toolCallSchema>;

/** The tools a conversation may call: JSON schemas ({name, description, parameters}), as chat templates take them. */
export const toolListSchema = z.array(z.record(z.string(), z.unknown())).max(1000);

export const datasetMessageSchema = z
  .object({
    role: canonicalRoleSchema,
    content: z.string().max(2_000_000),
    weight: z.number().min(0).max(1).optional(),
    /**
     * The part of a user turn that came from Alpaca's `input` column (`content` is the instruction, a newline, then
     * this), so an Alpaca export writes instruction and input apart again. Training reads `content` only.
     */
    input: z.string().max(2_000_000).optional(),
    /** Calls an assistant turn makes; its `content` may then be empty. */
    toolCalls: z.array(toolCallSchema).max(100).optional(),
  })
  .strict();
export type DatasetMessage = z.infer<typeof datasetMessageSchema>;

const messageList = z.array(datasetMessageSchema).max(10_000);

/** The one shape every row is stored in, whatever format it came from. */
export const canonicalRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), messages: messageList, tools: toolListSchema.optional() }).strict(),
  z.object({ kind: z.literal('preference'), prompt: messageList, chosen: messageList, rejected: messageList }).strict(),
  z.object({ kind: z.literal('text'), text: z.string().max(20_000_000) }).strict(),
  /** A KTO row: one conversation whose answer is labelled desirable (true) or undesirable (false). */
  z.object({ kind: z.literal('kto'), messages: messageList, desirable: z.boolean(), tools: toolListSchema.optional() }).strict(),
]);
export type CanonicalRow = z.infer<typeof canonicalRowSchema>;
export type ConversationRow = Extract<CanonicalRow, { kind: 'conversation' }>;
export type PreferenceRow = Extract<CanonicalRow, { kind: 'preference' }>;
export type TextRow = Extract<CanonicalRow, { kind: 'text' }>;
export type KtoRow = Extract<CanonicalRow, { kind: 'kto' }>;

/**
 * Which column holds what, in LLaMA-Factory's dataset_info vocabulary: `prompt` is the instruction (Alpaca) or
 * the prompt (TRL); `query` Alpaca's input; `response` the answer; `messages` the turn list (ShareGPT, OpenAI).
 */
export const columnMappingSchema = z
  .object({
    prompt: z.string().min(1).max(200),
    query: z.string().min(1).max(200),
    response: z.string().min(1).max(200),
    system: z.string().min(1).max(200),
    history: z.string().min(1).max(200),
    messages: z.string().min(1).max(200),
    chosen: z.string().min(1).max(200),
    rejected: z.string().min(1).max(200),
    text: z.string().min(1).max(200),
    /** KTO's desirable/undesirable label (LLaMA-Factory's `kto_tag`). */
    kto_tag: z.string().min(1).max(200),
    /** The tool schemas a conversation may call (LLaMA-Factory's `tools` column). */
    tools: z.string().min(1).max(200),
    /** Media columns (LLaMA-Factory's multimodal data): named so rows carrying them are refused, not stripped. */
    images: z.string().min(1).max(200),
    videos: z.string().min(1).max(200),
    audios: z.string().min(1).max(200),
  })
  .partial()
  .strict();
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** The keys and role names inside each turn (LLaMA-Factory's `tags`); unset ones fall back to the usual spellings. */
export const tagMappingSchema = z
  .object({
    role_tag: z.string().min(1).max(100),
    content_tag: z.string().min(1).max(100),
    user_tag: z.string().min(1).max(100),
    assistant_tag: z.string().min(1).max(100),
    observation_tag: z.string().min(1).max(100),
    function_tag: z.string().min(1).max(100),
    system_tag: z.string().min(1).max(100),
  })
  .partial()
  .strict();
export type TagMapping = z.infer<typeof tagMappingSchema>;

/** How to read a file; anything left out is detected. */
export const readOptionsSchema = z
  .object({
    format: datasetFormatSchema.optional(),
    fileType: datasetFileTypeSchema.optional(),
    columns: columnMappingSchema.optional(),
    tags: tagMappingSchema.optional(),
    /** Extra role spellings → canonical roles (`{"bot": "assistant"}`). */
    roles: z.record(z.string().min(1).max(100), canonicalRoleSchema).optional(),
    /**
     * KTO data (a label per conversation) is imported as its own kind. With this set it becomes an SFT dataset of
     * the desirable rows only; the undesirable ones are kept as rejected rows, never trained.
     */
    ktoAsSft: z.boolean().optional(),
    /** Values for `{{name}}` placeholders in the text (LLaMA-Factory's identity.json: name, author). */
    placeholders: z.record(z.string().regex(/^[A-Za-z_][\w.-]*$/).max(100), z.string().max(10_000)).optional(),
    /** Import placeholders that have no value as written (`{{name}}` is then trained literally). */
    keepPlaceholders: z.boolean().optional(),
  })
  .strict();
export type ReadOptions = z.infer<typeof readOptionsSchema>;

/** Check rows against a model's context: the model's own length unless `contextLength` is given. */
export const contextCheckSchema = z
  .object({
    tokenizer: tokenizerRefSchema,
    contextLength: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();
export type ContextCheck = z.infer<typeof contextCheckSchema>;

const maxInlineText = 64 * 1024 * 1024;

/** A file on this machine, text sent from the page (drag-drop of a small file), or a built-in sample. */
export const datasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().trim().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('text'), fileName: z.string().trim().min(1).max(255), text: z.string().max(maxInlineText) }).strict(),
  z.object({ kind: z.literal('sample'), id: z.string().min(1).max(100) }).strict(),
]);
export type DatasetSource = z.infer<typeof datasetSourceSchema>;

export const formatCandidateSchema = z.object({
  format: datasetFormatSchema,
  kind: datasetKindSchema,
  /** Columns as guessed from the keys; shown in the mapping form. */
  columns: columnMappingSchema,
  /** Why this format was picked, in English words (KTO candidates add that a label marks each row). */
  reason: z.string(),
  /** The same as a key and params, for the UI to say in its language; dropped when this version does not know it. */
  why: detectionReasonSchema.optional().catch(undefined),
});
export type FormatCandidate = z.infer<typeof formatCandidateSchema>;

export const detectionSchema = z.object({
  fileType: datasetFileTypeSchema,
  /** Best first; empty when the keys match no format (choose one and map the columns). */
  candidates: z.array(formatCandidateSchema),
  /** More than one format fits, or columns were guessed from synonyms: ask the user to confirm. */
  ambiguous: z.boolean(),
  /** Keys of the first records (CSV: the header). */
  keys: z.array(z.string()),
  /** The first few records as read (long strings shortened). */
  sample: z.array(z.unknown()),
  /** `{{name}}` placeholders in the first records: fill them (or keep them literally) before importing. */
  placeholders: z.array(z.string()),
  /** Set when the file is a LLaMA-Factory dataset_info.json. */
  datasetInfo: z
    .array(
      z.object({
        name: z.string(),
        file: z.string().nullable(),
        format: datasetFormatSchema.nullable(),
        kind: datasetKindSchema.nullable(),
        /** Why the entry cannot be read, in English; `problemReason` says it for the UI. */
        problem: z.string().nullable(),
        problemReason: problemReasonSchema.optional().catch(undefined),
      }),
    )
    .nullable(),
});
export type Detection = z.infer<typeof detectionSchema>;

export const validationReportSchema = z.object({
  format: z.union([datasetFormatSchema, z.literal('llamafactory')]),
  kind: datasetKindSchema,
  fileType: datasetFileTypeSchema,
  sha256: z.string(),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  errors: z.array(datasetProblemSchema),
  /** True when `errors` was cut at `maxErrors`; `counts` always covers every problem. */
  errorsTruncated: z.boolean(),
  counts: z.record(z.string(), z.number().int()),
  /**
   * Every `{{name}}` placeholder found, with the rows holding it and the first of them (1-based, as the user counts
   * rows); `value` is what it was filled with, null when it was not. An import refuses unfilled ones unless told to
   * keep them literally.
   */
  placeholders: z.array(z.object({ name: z.string(), rows: z.number().int(), firstRow: z.number().int(), file: z.string().nullable(), value: z.string().nullable() })),
  /** For a dataset_info.json: one report per named dataset. */
  entries: z
    .array(
      z.object({
        name: z.string(),
        file: z.string().nullable(),
        format: datasetFormatSchema.nullable(),
        kind: datasetKindSchema.nullable(),
        totalRows: z.number().int(),
        validRows: z.number().int(),
        counts: z.record(z.string(), z.number().int()),
      }),
    )
    .optional(),
});
export type ValidationReport = z.infer<typeof validationReportSchema>;

/** What an export lost on every row (weights, turns joined), or why it left rows out. */
export const exportNoteKeys = [
  'preference_as_conversation',
  'sharegpt_no_weights',
  'alpaca_no_weights',
  'trl_prompt_joined',
  'text_only',
  'text_no_turns',
  'kto_formats',
  'sharegpt_call_and_text',
  'sharegpt_ranking_one',
  'text_no_instruction',
  'alpaca_no_tool_calls',
  'alpaca_no_tool_turns',
  'alpaca_pairs',
  'alpaca_ranking_one',
  'trl_needs_preference',
  'trl_standard_no_calls',
] as const;
export const exportNoteKeySchema = z.enum(exportNoteKeys);
export type ExportNoteKey = z.infer<typeof exportNoteKeySchema>;
/** A note as a key: `rows` left out for that reason, null for something lost on the rows written. */
export const exportNoteSchema = z.object({ key: exportNoteKeySchema, rows: z.number().int().nullable() });
export type ExportNote = z.infer<typeof exportNoteSchema>;

export const datasetSplitSchema = z.enum(['train', 'validation']);
export type DatasetSplit = z.infer<typeof datasetSplitSchema>;

export const datasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: datasetKindSchema,
  /** The format it was imported from. */
  format: datasetFormatSchema,
  fileType: datasetFileTypeSchema,
  sourcePath: z.string().nullable(),
  sourceSha256: z.string(),
  rows: z.number().int(),
  rejectedRows: z.number().int(),
  trainRows: z.number().int(),
  validationRows: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  split: z.object({ validationFraction: z.number(), seed: z.number().int() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const importResultSchema = z.object({
  datasets: z.array(z.object({ dataset: datasetSummarySchema, alreadyImported: z.boolean() })),
  report: validationReportSchema,
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** Progress data of a dataset-import job. */
export const importProgressSchema = z.object({
  phase: z.enum(['hashing', 'validating', 'saving']),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  rows: z.number().int(),
  problems: z.number().int(),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const datasetRowViewSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  split: datasetSplitSchema,
  status: z.enum(['ok', 'rejected']),
  line: z.number().int().nullable(),
  index: z.number().int().nullable(),
  /** The canonical row (status ok). */
  row: canonicalRowSchema.nullable(),
  /** The record as read from the file, for rejected rows to be fixed (JSON text, or the raw line of bad JSON). */
  raw: z.string().nullable(),
  problems: z.array(datasetProblemSchema),
});
export type DatasetRowView = z.infer<typeof datasetRowViewSchema>;

/** An edit: the canonical row, or the record in the dataset's own format (JSON text), as when fixing a rejected row. */
export const rowEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('canonical'), row: canonicalRowSchema }).strict(),
  z.object({ kind: z.literal('record'), text: z.string().max(20_000_000) }).strict(),
]);
export type RowEdit = z.infer<typeof rowEditSchema>;

export const rowSaveResultSchema = z.object({
  /** False when the edit still has problems; nothing was changed then. */
  saved: z.boolean(),
  row: datasetRowViewSchema.nullable(),
  problems: z.array(datasetProblemSchema),
});
export type RowSaveResult = z.infer<typeof rowSaveResultSchema>;

/** A row named for people (`row`, 1-based as they count it, plus its file line) and for the API (`id`, to open it). */
export const rowRefSchema = z.object({ id: z.number().int(), row: z.number().int(), line: z.number().int().nullable() });
export type RowRef = z.infer<typeof rowRefSchema>;

export const histogramBinSchema = z.object({ start: z.number(), end: z.number(), count: z.number().int() });
export type HistogramBin = z.infer<typeof histogramBinSchema>;

/** How stats measured a row, as a key and params for the UI to say in its language (`measuredAs` in English). */
export const measuredHowSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal('chars'), params: z.object({}) }),
  z.object({ key: z.literal('tiktoken_chat'), params: z.object({ encoding: z.string(), perMessage: z.number(), perReply: z.number() }) }),
  z.object({ key: z.literal('model_template'), params: z.object({}) }),
  z.object({ key: z.literal('model_joined'), params: z.object({}) }),
]);
export type MeasuredHow = z.infer<typeof measuredHowSchema>;

export const datasetStatsSchema = z.object({
  datasetId: z.string(),
  rows: z.number().int(),
  rejectedRows: z.number().int(),
  /** `tokens` with a tokenizer, else `chars`. */
  unit: z.enum(['tokens', 'chars']),
  tokenizer: tokenizerDescriptionSchema.nullable(),
  /** How a row was measured, in words (chat template used or not). */
  measuredAs: z.string(),
  measuredHow: measuredHowSchema.optional().catch(undefined),
  contextLength: z.number().int().nullable(),
  length: z.object({ total: z.number(), min: z.number(), max: z.number(), mean: z.number(), median: z.number(), p95: z.number() }),
  histogram: z.array(histogramBinSchema),
  /** Rows longer than the context (they would be truncated in training). */
  overContext: z.number().int(),
  overContextRows: z.array(rowRefSchema),
  /** Rows that repeat an earlier row exactly, and the groups they form. */
  duplicates: z.object({ rows: z.number().int(), groups: z.number().int(), examples: z.array(z.array(rowRefSchema)) }),
  messages: z.object({ mean: z.number(), max: z.number().int() }),
});
export type DatasetStats = z.infer<typeof datasetStatsSchema>;

export const sampleInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: datasetKindSchema,
  format: datasetFormatSchema,
  rows: z.number().int(),
  license: z.string(),
});
export type SampleInfo = z.infer<typeof sampleInfoSchema>;

export const previewResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('conversation'), render: renderResultSchema }),
  z.object({ kind: z.literal('preference'), chosen: renderResultSchema, rejected: renderResultSchema }),
  /** Pretraining text trains on every token. */
  z.object({ kind: z.literal('text'), encode: encodeResultSchema }),
]);
export type PreviewResult = z.infer<typeof previewResultSchema>;

const datasetIdSchema = z.string().min(1).max(100);
const rowIdSchema = z.number().int().min(1);

export const datasetsMethods = {
  'datasets.samples': method(z.object({}).strict(), z.array(sampleInfoSchema)),
  'datasets.detect': method(z.object({ source: datasetSourceSchema, options: readOptionsSchema.default({}) }).strict(), detectionSchema),
  /** Streams the file and reports every problem (cut at maxErrors); stores nothing. */
  'datasets.validate': method(
    z
      .object({
        source: datasetSourceSchema,
        options: readOptionsSchema.default({}),
        context: contextCheckSchema.optional(),
        maxErrors: z.number().int().min(0).max(1_000_000).default(10_000),
      })
      .strict(),
    validationReportSchema,
  ),
  /** A dataset-import job; its result is an ImportResult. Importing the same file (and options) again returns the stored dataset. */
  'datasets.import': method(
    z
      .object({
        source: datasetSourceSchema,
        options: readOptionsSchema.default({}),
        context: contextCheckSchema.optional(),
        name: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  'datasets.list': method(z.object({}).strict(), z.array(datasetSummarySchema)),
  'datasets.get': method(z.object({ datasetId: datasetIdSchema }).strict(), datasetSummarySchema),
  'datasets.rename': method(z.object({ datasetId: datasetIdSchema, name: z.string().trim().min(1).max(200) }).strict(), datasetSummarySchema),
  'datasets.delete': method(z.object({ datasetId: datasetIdSchema }).strict(), z.object({ deleted: z.boolean() })),
  'datasets.rows': method(
    z
      .object({
        datasetId: datasetIdSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
        status: z.enum(['ok', 'rejected', 'all']).default('all'),
        split: datasetSplitSchema.optional(),
      })
      .strict(),
    z.object({ total: z.number().int(), rows: z.array(datasetRowViewSchema) }),
  ),
  'datasets.row': method(z.object({ datasetId: datasetIdSchema, rowId: rowIdSchema }).strict(), datasetRowViewSchema),
  'datasets.problems': method(
    z
      .object({
        datasetId: datasetIdSchema,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(50_000).default(1000),
        code: problemCodeSchema.optional(),
      })
      .strict(),
    z.object({ total: z.number().int(), problems: z.array(datasetProblemSchema.extend({ rowId: z.number().int() })) }),
  ),
  'datasets.updateRow': method(z.object({ datasetId: datasetIdSchema, rowId: rowIdSchema, edit: rowEditSchema }).strict(), rowSaveResultSchema),
  'datasets.addRow': method(z.object({ datasetId: datasetIdSchema, edit: rowEditSchema }).strict(), rowSaveResultSchema),
  'datasets.deleteRow': method(z.object({ datasetId: datasetIdSchema, rowId: rowIdSchema }).strict(), z.object({ deleted: z.boolean() })),
  /** Assigns every valid row to train or validation; the same seed gives the same split. */
  'datasets.split': method(
    z.object({ datasetId: datasetIdSchema, validationFraction: z.number().min(0).max(0.9), seed: z.number().int().min(0).max(2 ** 31 - 1) }).strict(),
    datasetSummarySchema,
  ),
  'datasets.export': method(
    z
      .object({
        datasetId: datasetIdSchema,
        format: datasetFormatSchema,
        fileType: datasetFileTypeSchema.optional(),
        /** Where to write; defaults to the data home's datasets folder. */
        path: z.string().trim().min(1).max(4096).optional(),
        split: z.enum(['train', 'validation', 'all']).default('all'),
      })
      .strict(),
    z.object({
      path: z.string(),
      rows: z.number().int(),
      format: datasetFormatSchema,
      fileType: datasetFileTypeSchema,
      /** In English, for the CLI and the API. */
      notes: z.array(z.string()),
      /** The same notes as keys, for the UI to say in its language; dropped (the UI shows `notes`) when one is unknown. */
      noteKeys: z.array(exportNoteSchema).optional().catch(undefined),
    }),
  ),
  'datasets.stats': method(
    z
      .object({
        datasetId: datasetIdSchema,
        tokenizer: tokenizerRefSchema.optional(),
        contextLength: z.number().int().min(1).max(10_000_000).optional(),
        bins: z.number().int().min(2).max(200).default(30),
      })
      .strict(),
    datasetStatsSchema,
  ),
  /** A row through a chat template with the train mask (chosen and rejected for preference pairs). */
  'datasets.preview': method(
    z
      .object({
        datasetId: datasetIdSchema,
        rowId: rowIdSchema,
        template: templateRefSchema,
        tokenizer: tokenizerRefSchema,
        options: renderOptionsSchema.default({ addGenerationPrompt: false, variables: {}, endOfTurnTokens: [] }),
      })
      .strict(),
    previewResultSchema,
  ),
} as const;

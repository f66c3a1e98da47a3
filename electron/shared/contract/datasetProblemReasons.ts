import { z } from 'zod';
import { reasonBuilderOf, reasonSchemaOf, type ReasonOf } from './reasonList.ts';

/**
 * What is wrong with a dataset row, as a key and the numbers and names its sentence needs — never a sentence. A
 * problem's `code` is the coarse kind users filter by (missing_field, wrong_type…); its reason says exactly what and
 * where. The UI owns the sentence in each language (renderer/src/i18n/<lang>/datasets.ts, `problemReason.<key>`, one
 * string per key using exactly these params as {{placeholders}}; tests/unit/i18n/datasetProblemReasons.test.ts
 * checks both languages against this list). The engine's English `message` still travels beside it for the CLI,
 * logs and the API, and is what the UI shows for a reason it does not know (a newer engine's).
 *
 * Params that name a kind of value (`found`, `expected`), a turn's role (`role`, `previous`, `allowed`) or a media
 * kind are enums, so the UI can say them in its language too; field names, paths, files and data stay as written.
 * No param is called `count` or `context`: i18next reads those as plural and context options.
 */
const text = z.string();
const count = z.number();

/** What a value in the file turned out to be. */
export const valueTypes = ['null', 'list', 'object', 'text', 'number', 'boolean', 'other'] as const;
export const valueTypeSchema = z.enum(valueTypes);
export type ValueType = z.infer<typeof valueTypeSchema>;

/** What a field should have held. */
export const expectedValues = ['message_list', 'answer', 'message', 'text', 'prompt', 'history'] as const;
export const expectedValueSchema = z.enum(expectedValues);
export type ExpectedValue = z.infer<typeof expectedValueSchema>;

const role = z.enum(['system', 'user', 'assistant', 'tool']);
const side = z.enum(['chosen', 'rejected']);
export const mediaKinds = ['images', 'videos', 'audios'] as const;

export const problemReasonParams = {
  // The file's text: JSON and CSV that cannot be parsed.
  json_invalid: z.object({ line: count, column: count, detail: text }),
  json_not_array: z.object({}),
  json_trailing_comma: z.object({}),
  json_double_comma: z.object({}),
  json_missing_comma: z.object({}),
  json_text_after_array: z.object({}),
  json_no_array: z.object({}),
  json_array_not_closed: z.object({}),
  csv_field_count: z.object({ expected: count, found: count }),
  csv_quote_not_closed: z.object({}),
  csv_bad_closing_quote: z.object({}),
  csv_invalid: z.object({ detail: text }),

  // The record's shape: fields missing or of the wrong type.
  record_not_object: z.object({ fields: text, found: valueTypeSchema }),
  text_record_not_object: z.object({ field: text, found: valueTypeSchema }),
  missing_instruction: z.object({ field: text }),
  missing_answer: z.object({ field: text }),
  missing_turns: z.object({ field: text }),
  missing_text: z.object({ field: text }),
  missing_kto_label: z.object({ field: text }),
  missing_side: z.object({ field: text }),
  message_missing_field: z.object({ field: text }),
  expected_value: z.object({ expected: expectedValueSchema, found: valueTypeSchema }),
  field_wrong_type: z.object({ field: text, expected: expectedValueSchema, found: valueTypeSchema }),
  history_pair_invalid: z.object({}),
  content_null: z.object({ field: text }),
  unknown_role: z.object({ value: text }),
  bad_weight: z.object({ value: text }),
  kto_label_wrong_type: z.object({ field: text, found: valueTypeSchema }),
  undesirable_row: z.object({ field: text }),
  media_column: z.object({ media: z.enum(mediaKinds), field: text }),
  media_marker: z.object({ role, marker: text }),
  tool_call_not_json: z.object({ detail: text }),
  tool_call_not_object: z.object({ found: valueTypeSchema }),
  tool_call_no_name: z.object({}),
  tool_call_arguments_not_json: z.object({ name: text, detail: text }),
  tool_call_empty: z.object({}),
  tools_not_json: z.object({ detail: text }),
  tools_not_list: z.object({ found: valueTypeSchema }),

  // The row as a conversation, a pair or a document: what training could not use.
  document_empty: z.object({}),
  conversation_no_turns: z.object({}),
  pair_no_prompt: z.object({}),
  no_assistant_turn: z.object({}),
  turn_empty: z.object({ role }),
  system_not_first: z.object({ turn: count }),
  first_turn_not_user: z.object({ role }),
  turn_out_of_order: z.object({ turn: count, role, previous: role, allowed: z.array(role).min(1) }),
  prompt_ends_with: z.object({ role }),
  side_starts_with: z.object({ side, role }),
  side_no_answer: z.object({ side }),
  chosen_equals_rejected: z.object({}),
  no_shared_text: z.object({}),
  no_shared_turns: z.object({}),
  over_context: z.object({ tokens: count, tokenizer: text, contextLength: count }),

  // Entries of a LLaMA-Factory dataset_info.json.
  info_remote: z.object({ name: text, source: text }),
  info_no_file_name: z.object({ name: text }),
  info_file_missing: z.object({ name: text, file: text }),
  info_file_is_folder: z.object({ name: text, file: text }),
  info_file_unreadable: z.object({ name: text, file: text }),
  info_formatting_unsupported: z.object({ name: text, formatting: text }),
} as const;

export type ProblemReasonKey = keyof typeof problemReasonParams;
export const problemReasonKeys = Object.keys(problemReasonParams) as ProblemReasonKey[];

export type ProblemReason = ReasonOf<typeof problemReasonParams>;

export const problemReasonSchema = reasonSchemaOf(problemReasonParams);

/** Builds a reason with its params checked by the compiler: problemReason('turn_empty', { role: 'assistant' }). */
export const problemReason = reasonBuilderOf(problemReasonParams);

/** What a value is, as a reason names it. */
export function valueTypeOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'other';
  }
}

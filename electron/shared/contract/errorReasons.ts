import { z } from 'zod';
import { reasonBuilderOf, reasonSchemaOf, type ReasonOf } from './reasonList.ts';

/**
 * Why an engine call failed, as a key and the numbers and names it needs — never a sentence. The UI owns the
 * sentence in each language (renderer/src/i18n/<lang>/errors.ts, one string per key using exactly these params as
 * {{placeholders}}; tests/unit/i18n/errorReasons.test.ts checks both languages against this list). The engine's
 * English message still travels beside it for the CLI, logs and the API.
 *
 * Add a key here when an error is one a user meets in normal use (a name that resolves to nothing, a busy trainer,
 * a file of the wrong kind); rare internal failures keep the code's generic sentence plus the engine's message.
 */
const text = z.string();
const count = z.number();

export const errorReasonParams = {
  model_not_found: z.object({ model: text }),
  model_file_missing: z.object({ name: text, file: text }),
  not_a_gguf: z.object({ file: text }),
  file_is_adapter: z.object({ file: text }),
  file_is_checkpoint: z.object({ file: text }),
  model_name_taken: z.object({ name: text }),
  adapter_not_found: z.object({ adapter: text }),
  adapter_name_taken: z.object({ name: text }),
  adapter_already_added: z.object({ file: text, name: text }),
  not_an_adapter: z.object({ file: text }),
  /** A weight of the base against the adapter's pair for it, as shapes: expected "[64, 128]", actual "A [64, 8] · B [8, 96]". */
  adapter_base_mismatch: z.object({ adapter: text, base: text, tensor: text, expected: text, actual: text }),
  adapter_tensor_not_in_base: z.object({ adapter: text, base: text, tensor: text }),
  adapter_pair_incomplete: z.object({ adapter: text, tensor: text }),
  folder_not_found: z.object({ folder: text }),
  dataset_not_found: z.object({ dataset: text }),
  no_training_rows: z.object({}),
  no_row_fits_context: z.object({ context: count, skipped: count }),
  /** `kind` is the running job's kind (jobKindSchema); the UI names it (common:jobKind), not the job's English title. */
  trainer_busy: z.object({ kind: text }),
  run_is_training: z.object({ run: text }),
  run_not_resumable: z.object({ run: text, state: text }),
  run_has_no_checkpoint: z.object({ run: text }),
  sample_prompt_too_long: z.object({ contextLength: count }),
  run_data_changed: z.object({ run: text }),
  host_restarting: z.object({ host: text }),
  cancelled: z.object({}),
  disk_space: z.object({ folder: text, neededBytes: count, freeBytes: count }),
  download_needs_permission: z.object({ url: text, status: count }),
  download_not_found: z.object({ url: text }),

  // Files and fields anywhere: which file, which line, which field.
  file_not_found: z.object({ file: text }),
  file_unreadable: z.object({ file: text }),
  file_is_folder: z.object({ file: text }),
  file_empty: z.object({ file: text }),
  file_too_large: z.object({ file: text, limitMegabytes: count }),
  file_binary: z.object({ file: text, byte: count }),
  file_utf16: z.object({ file: text }),
  file_not_utf8: z.object({ file: text, byte: count }),
  file_not_json: z.object({ file: text }),
  line_not_json: z.object({ file: text, line: count }),
  file_field_invalid: z.object({ file: text, field: text }),
  line_field_invalid: z.object({ file: text, line: count, field: text }),
  output_exists: z.object({ file: text }),
  output_is_input: z.object({ file: text }),
  folder_not_empty: z.object({ folder: text }),
  field_invalid: z.object({ field: text }),
  field_too_small: z.object({ field: text, minimum: count }),
  field_too_large: z.object({ field: text, maximum: count }),
  field_required: z.object({ field: text }),
  field_must_exceed: z.object({ field: text, minimum: count }),
  field_must_be_below: z.object({ field: text, maximum: count }),
  field_too_short: z.object({ field: text, minimum: count }),
  field_too_long: z.object({ field: text, maximum: count }),
  field_one_of: z.object({ field: text, values: text }),

  // Datasets: import, validation, export.
  dataset_has_no_rows: z.object({ file: text }),
  dataset_first_records_unreadable: z.object({ file: text, line: count }),
  dataset_format_unknown: z.object({ file: text, keys: text }),
  dataset_json_object_too_large: z.object({ file: text }),
  dataset_sources_unreadable: z.object({ file: text }),
  dataset_placeholders_unfilled: z.object({ file: text, placeholders: text }),
  dataset_row_not_found: z.object({ dataset: text, row: count }),
  dataset_row_kind_mismatch: z.object({ kind: text, given: text }),
  /** The problems themselves are on the Problems tab, worded there (datasetProblemReasons.ts). */
  dataset_row_has_problems: z.object({ row: count, problemCount: count }),
  builtin_samples_missing: z.object({ file: text }),
  builtin_sample_not_found: z.object({ sample: text }),
  context_length_needed: z.object({ name: text }),
  export_txt_needs_text_format: z.object({}),
  export_kto_needs_labelled_format: z.object({ dataset: text }),
  export_needs_chat_format: z.object({ dataset: text }),
  export_needs_preference_rows: z.object({ dataset: text }),
  export_pretrain_needs_text: z.object({ dataset: text }),
  export_row_has_line_breaks: z.object({ row: count }),

  // Training: form, data, checkpoints, the trainer addon, bundles and imports from other trainers.
  run_not_found: z.object({ run: text }),
  job_not_found: z.object({ job: text }),
  run_checkpoint_not_found: z.object({ run: text, kept: text }),
  training_init_adapter_needs_lora: z.object({}),
  training_text_file_needs_full: z.object({}),
  training_row_wrong_kind: z.object({ row: count, dataset: text, kind: text, objective: text, needed: text }),
  /** The trainer's verdict without a reason of its own (an engine of another version): the message says why in English. */
  training_model_unsupported: z.object({ model: text }),
  training_architecture_unsupported: z.object({ model: text, architecture: text, supported: text }),
  training_tensor_not_dequantizable: z.object({ model: text, tensor: text, type: text, backend: text }),
  full_training_needs_f32: z.object({ model: text, tensor: text, type: text }),
  training_model_too_large_for_gpu: z.object({ model: text, device: text, modelGiB: count, freeGiB: count }),
  chat_template_missing: z.object({}),
  training_row_trains_nothing: z.object({ row: count }),
  dpo_reference_missing: z.object({ file: text }),
  checkpoint_missing: z.object({ folder: text }),
  checkpoint_invalid: z.object({ file: text }),
  checkpoint_mode_mismatch: z.object({ folder: text, checkpointMode: text, sessionMode: text }),
  checkpoint_incomplete: z.object({ folder: text, stateStep: count, manifestStep: count }),
  trainer_addon_missing: z.object({}),
  /** npm install could not build the trainer (native/scripts/build.mjs's stated cause, classified in nativeAddon.ts). */
  trainer_addon_build_failed: z.object({}),
  trainer_addon_tool_missing: z.object({ tool: text }),
  trainer_addon_compiler_missing: z.object({}),
  bundle_needs_lora_run: z.object({}),
  bundle_needs_dataset: z.object({}),
  bundle_dataset_wrong_kind: z.object({ dataset: text, kind: text, objective: text }),
  trainer_output_no_adapter: z.object({ folder: text, file: text }),
  trainer_output_no_state: z.object({ folder: text, file: text }),
  trainer_state_no_loss: z.object({ file: text }),

  // Evals: task files and built-in tasks.
  task_file_not_found: z.object({ file: text }),
  task_file_type: z.object({ file: text, extension: text }),
  task_file_no_items: z.object({ file: text }),
  task_duplicate_id: z.object({ file: text, line: count, id: text, firstLine: count }),
  task_csv_columns: z.object({ file: text, line: count }),
  builtin_tasks_missing: z.object({}),
  builtin_task_not_found: z.object({ task: text, tasks: text }),

  // Compress, reward models.
  trainer_addon_outdated: z.object({ file: text }),
  judge_answer_empty: z.object({ answer: text }),
  reward_model_not_found: z.object({ file: text }),
  not_a_reward_model: z.object({ file: text, manifest: text }),
  reward_data_needs_dataset: z.object({ field: text }),
  reward_row_not_preference: z.object({ field: text, row: count }),
  reward_no_training_pairs: z.object({}),
  no_pair_fits_context: z.object({ context: count, skipped: count }),

  // GRPO runs.
  chat_template_trains_nothing: z.object({}),
  model_cannot_end_reply: z.object({}),
  grpo_prompt_answer_and_refuse: z.object({ file: text, line: count }),
  grpo_no_prompts: z.object({ file: text }),
  grpo_reward_unknown: z.object({ reward: text }),
  grpo_regex_invalid: z.object({ pattern: text }),
  grpo_no_rewards: z.object({}),
  grpo_exact_needs_answers: z.object({ file: text }),
  grpo_refusal_needs_refuse: z.object({ file: text }),
  grpo_run_settings_differ: z.object({ folder: text }),
  grpo_prompt_too_long: z.object({ file: text, line: count, tokens: count, replyTokens: count, context: count }),

  // Remote engines: the URL, the key, the connection, file transfers.
  remote_url_invalid: z.object({ url: text }),
  remote_url_scheme: z.object({ url: text }),
  remote_refused: z.object({ url: text, status: count }),
  remote_http_error: z.object({ status: count }),
  remote_unreachable: z.object({ url: text }),
  remote_connection_lost: z.object({ url: text }),
  remote_transfer_mismatch: z.object({ file: text }),
  remote_adapter_needs_base: z.object({}),
  access_key_missing: z.object({}),
  access_key_wrong: z.object({}),
  download_outside_data_home: z.object({ file: text }),

  // Adapter import and export (PEFT, MLX, safetensors).
  interop_architecture_unsupported: z.object({ architecture: text, supported: text }),
  interop_architecture_mismatch: z.object({ adapter: text, adapterArchitecture: text, base: text, baseArchitecture: text }),
  interop_export_needs_base: z.object({ file: text }),
  interop_setting_unsupported: z.object({ file: text, field: text }),
  interop_no_lora_tensors: z.object({ file: text }),
  interop_pytorch_pickle: z.object({ folder: text }),
  interop_not_adapter_folder: z.object({ folder: text }),
  interop_tensor_type_unsupported: z.object({ file: text, tensor: text, type: text }),
  interop_tensor_truncated: z.object({ file: text, tensor: text }),
  interop_safetensors_invalid: z.object({ file: text }),
  interop_alpha_zero: z.object({ file: text }),
  interop_heads_uneven: z.object({ tensor: text, rows: count, heads: count }),

  // Playground, models, adapters, chat templates, tokenizer, compare prompt sets.
  chat_template_missing_use_raw: z.object({ model: text }),
  chat_template_missing_enter_custom: z.object({ model: text }),
  chat_needs_message: z.object({}),
  token_outside_vocabulary: z.object({ field: text, token: count, vocabularySize: count }),
  adapters_do_not_fit_model: z.object({ adapters: text }),
  context_cannot_be_created: z.object({ contextSize: count }),
  context_too_small: z.object({ field: text, tokens: count, contextSize: count }),
  model_unreadable: z.object({ file: text }),
  run_not_regenerable: z.object({ run: text }),
  score_needs_text: z.object({}),
  download_source_invalid: z.object({ source: text }),
  download_checksum_mismatch: z.object({ url: text }),
  download_http_error: z.object({ url: text, status: count }),
  download_file_name_outside: z.object({ name: text }),
  model_not_in_library: z.object({ id: text }),
  delete_needs_confirmation: z.object({ file: text }),
  // `detail` is the Jinja parser's own message (e.g. "Expected closing statement token"): it names the template's
  // syntax, has no translation of its own, and stays as it is after the translated sentence.
  template_error: z.object({ template: text, line: count, detail: text }),
  template_error_unknown_line: z.object({ template: text, detail: text }),
  template_mask_unknown: z.object({ template: text }),
  template_drops_tool_calls: z.object({ template: text, message: count }),
  template_drops_tools: z.object({ template: text }),
  conversation_shape: z.object({ file: text }),
  saved_template_not_found: z.object({ id: text }),
  saved_template_name_taken: z.object({ name: text }),
  text_has_special_token: z.object({ token: text }),
  prompt_set_empty: z.object({ file: text }),
  prompt_set_shape: z.object({ file: text }),

  // GGUF files, hallucination suites, pretraining corpora, world folders, comparisons.
  gguf_is_folder: z.object({ file: text }),
  gguf_invalid: z.object({ file: text, byte: count }),
  suite_builtin_missing: z.object({ file: text }),
  suite_is_folder: z.object({ file: text }),
  suite_no_valid_items: z.object({ suite: text }),
  suite_items_unknown: z.object({ ids: text }),
  suite_no_items_in_categories: z.object({ categories: text }),
  run_still_going: z.object({ run: text }),
  run_has_no_results: z.object({ run: text }),
  run_item_not_found: z.object({ run: text, item: text }),
  items_have_no_reference: z.object({}),
  corpus_empty: z.object({ file: text }),
  corpus_too_short: z.object({ tokens: count, window: count }),
  pretraining_needs_output: z.object({}),
  world_folder_missing: z.object({ folder: text }),
  world_file_missing: z.object({ file: text }),
  blind_round_not_found: z.object({ round: text }),
  blind_round_closed: z.object({ round: text, state: text }),
  blind_round_same_contenders: z.object({}),
  comparison_not_found: z.object({ id: text }),
  comparison_not_rerunnable: z.object({ id: text }),
  baseline_column_missing: z.object({ column: count, contenders: count }),

  // The data home, world chat lab, pretraining settings.
  database_newer: z.object({ file: text, version: count, supported: count }),
  example_too_long: z.object({ file: text, example: count, tokens: count, context: count }),
  no_examples: z.object({ file: text }),
  idk_data_needed: z.object({}),
  report_label_unknown: z.object({ label: text, labels: text }),
  report_nothing_to_train: z.object({ label: text }),
  labels_repeated: z.object({ label: text }),
  world_no_questions: z.object({ file: text, languages: text }),
  pretraining_preset_unknown: z.object({ preset: text, presets: text }),
  tokenizer_needs_special_token: z.object({}),
  vocabulary_too_small: z.object({ minimum: count }),
  world_too_many_people: z.object({ maximum: count }),

  // The trainer's batches.
  sequence_longer_than_context: z.object({ field: text, tokens: count, context: count }),
  batch_trains_nothing: z.object({}),

  // The native trainer, quantizer and merger (native/src: TrainerError's reason, read by toWorkbenchError).
  gguf_unreadable: z.object({ file: text }),
  tensor_type_not_convertible: z.object({ file: text, tensor: text, type: text }),
  merge_embedding_unsupported: z.object({ tensor: text }),
  quantize_requantize: z.object({ file: text, from: text, type: text }),
  quantize_failed: z.object({ file: text, type: text }),
  write_failed: z.object({ file: text }),
  out_of_memory: z.object({ device: text }),
  training_device_missing: z.object({ device: text, gpus: count }),
  training_diverged: z.object({}),
  checkpoint_other_model: z.object({ file: text, tensor: text }),
  checkpoint_shape_mismatch: z.object({ file: text, tensor: text, expected: text, actual: text }),
} as const;

export type ErrorReasonKey = keyof typeof errorReasonParams;
export const errorReasonKeys = Object.keys(errorReasonParams) as ErrorReasonKey[];

export type ErrorReason = ReasonOf<typeof errorReasonParams>;

export const errorReasonSchema = reasonSchemaOf(errorReasonParams);

/** Builds a reason with its params checked by the compiler: reason('trainer_busy', { kind }). */
export const reason = reasonBuilderOf(errorReasonParams);

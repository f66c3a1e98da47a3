import type { ErrorReasonKey } from '../../../../electron/shared/contract/errorReasons.ts';

/**
 * The sentence for each reason an engine call can fail with (electron/shared/contract/errorReasons.ts). Each uses
 * exactly its reason's params as {{placeholders}}; the engine's English message stays available as detail.
 */
export const enErrors: { reason: Record<ErrorReasonKey, string> } = {
  reason: {
    model_not_found: 'No library model or GGUF file is called "{{model}}". Add it on the Models page or give the path to its file.',
    model_file_missing: 'The library model "{{name}}" points at {{file}}, which no longer exists. Scan its folder again or remove it.',
    not_a_gguf: '{{file}} is not a GGUF model file.',
    file_is_adapter: '{{file}} is a LoRA adapter, not a model: pick a base model and apply the adapter to it.',
    file_is_checkpoint: '{{file}} is a training checkpoint, not a model: resume its run on the Training page.',
    model_name_taken: 'Another model is already called "{{name}}".',
    adapter_not_found: 'No adapter file or library adapter is called "{{adapter}}".',
    adapter_name_taken: 'Another adapter is already called "{{name}}".',
    adapter_already_added: '{{file}} is already in the library as "{{name}}".',
    not_an_adapter: '{{file}} is not a LoRA adapter.',
    adapter_base_mismatch: 'The adapter {{adapter}} was not made for the model {{base}}: their shapes differ ({{detail}}).',
    folder_not_found: 'There is no folder at {{folder}}.',
    dataset_not_found: 'No dataset "{{dataset}}" in the library.',
    no_training_rows: 'The training data has no rows.',
    no_row_fits_context: 'No training row fits a context of {{context}} tokens ({{skipped}} rows are longer). Raise the context length or choose truncation.',
    trainer_busy: '"{{job}}" is using the trainer. Wait for it to finish or cancel it first.',
    run_is_training: 'The run "{{run}}" is training: pause or cancel it first.',
    run_not_resumable: 'The run "{{run}}" is {{state}}: only paused, interrupted or cancelled runs can be resumed.',
    run_has_no_checkpoint: 'The run "{{run}}" has no checkpoint to resume from: start it again.',
    run_data_changed: 'The training data of "{{run}}" changed since it started, so it cannot continue in the same order: start a new run.',
    host_restarting: 'The {{host}} process stopped unexpectedly and is restarting; nothing saved was lost.',
    cancelled: 'Cancelled.',
    disk_space: 'Not enough disk space in {{folder}}: {{neededBytes}} bytes more are needed, {{freeBytes}} are free.',
    download_needs_permission: '{{url}} needs permission (HTTP {{status}}): the model may be gated; set HF_TOKEN to a token that has access.',
    download_not_found: '{{url}} was not found: check the repository and file name.',
  },
};

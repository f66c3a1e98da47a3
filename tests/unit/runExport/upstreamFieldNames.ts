/**
 * Field names the bundles may write, checked by hand against the upstream sources (Dec 2026). A bundle key missing
 * here is a name nobody verified: the tests fail so it is checked before it ships.
 */

/** LLaMA-Factory's YAML keys: its own dataclasses plus transformers' Seq2SeqTrainingArguments. */
export const llamaFactoryYamlFields = new Set([
  // src/llamafactory/hparams/model_args.py
  'model_name_or_path',
  'adapter_name_or_path',
  // src/llamafactory/hparams/finetuning_args.py (FinetuningArguments, LoraArguments, RLHFArguments)
  'stage',
  'finetuning_type',
  'lora_rank',
  'lora_alpha',
  'lora_dropout',
  'lora_target',
  'pref_beta',
  'pref_loss',
  'dpo_label_smoothing',
  'plot_loss',
  // src/llamafactory/hparams/data_args.py (DataArguments)
  'dataset',
  'eval_dataset',
  'dataset_dir',
  'template',
  'cutoff_len',
  'overwrite_cache',
  // transformers/training_args.py (TrainingArguments), as in examples/train_lora/llama3_lora_sft.yaml
  'do_train',
  'output_dir',
  'logging_steps',
  'save_steps',
  'per_device_train_batch_size',
  'per_device_eval_batch_size',
  'gradient_accumulation_steps',
  'learning_rate',
  'num_train_epochs',
  'max_steps',
  'lr_scheduler_type',
  'warmup_ratio',
  'weight_decay',
  'max_grad_norm',
  'seed',
  'bf16',
  'eval_strategy',
  'eval_steps',
]);

/** LLaMA-Factory's data/README.md: the keys of a dataset_info.json entry, its columns and its tags. */
export const llamaFactoryDatasetInfoFields = new Set(['file_name', 'formatting', 'ranking', 'columns', 'tags']);
export const llamaFactoryColumnFields = new Set(['prompt', 'query', 'response', 'history', 'messages', 'system', 'tools', 'images', 'videos', 'audios', 'chosen', 'rejected', 'kto_tag']);
export const llamaFactoryTagFields = new Set(['role_tag', 'content_tag', 'user_tag', 'assistant_tag', 'observation_tag', 'function_tag', 'system_tag']);

/** peft/tuners/lora/config.py (LoraConfig). */
export const peftLoraConfigFields = new Set(['r', 'lora_alpha', 'lora_dropout', 'target_modules', 'task_type']);

/** transformers/training_args.py (TrainingArguments), the base of TRL's configs. */
const trainingArgumentsFields = [
  'output_dir',
  'num_train_epochs',
  'max_steps',
  'per_device_train_batch_size',
  'gradient_accumulation_steps',
  'learning_rate',
  'lr_scheduler_type',
  'warmup_ratio',
  'weight_decay',
  'max_grad_norm',
  'seed',
  'logging_steps',
  'save_steps',
  'eval_strategy',
  'eval_steps',
  'bf16',
  'report_to',
];
/** trl/trainer/sft_config.py (SFTConfig). */
export const trlSftConfigFields = new Set([...trainingArgumentsFields, 'max_length', 'assistant_only_loss']);
/** trl/trainer/dpo_config.py (DPOConfig). */
export const trlDpoConfigFields = new Set([...trainingArgumentsFields, 'max_length', 'beta', 'label_smoothing', 'loss_type']);

/** PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py): what yaml.safe_load reads as a float or an int. */
export const pyYamlFloat = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
export const pyYamlInt = /^[-+]?(?:0|[1-9][0-9_]*)$/;

/** src/llamafactory/data/template.py: register_template(name=…) of the families the bundle recognizes. */
export const llamaFactoryTemplateNames = new Set(['llama3', 'llama2', 'mistral', 'qwen', 'qwen3', 'chatml', 'gemma', 'gemma3', 'phi']);

import type { BundleSettings } from './bundleSettings.ts';
import { flatYaml, type YamlScalar } from './pythonYaml.ts';

export const llamaFactoryDataDir = 'data';
export const trainDatasetName = 'workbench_train';
export const validationDatasetName = 'workbench_validation';

/** ShareGPT as our exporter writes it (conversations of {from, value}, system apart), in dataset_info.json's terms. */
function shareGptEntry(fileName: string, objective: 'sft' | 'dpo'): Record<string, unknown> {
  const tags = { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', observation_tag: 'observation', function_tag: 'function_call', system_tag: 'system' };
  if (objective === 'dpo') {
    return { file_name: fileName, formatting: 'sharegpt', ranking: true, columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected', system: 'system' }, tags };
  }
  return { file_name: fileName, formatting: 'sharegpt', columns: { messages: 'conversations', system: 'system', tools: 'tools' }, tags };
}

/** data/dataset_info.json: the train file and, when the run has one, the validation file. */
export function llamaFactoryDatasetInfo(settings: BundleSettings, files: { train: string; validation: string | null }): string {
  const info: Record<string, unknown> = { [trainDatasetName]: shareGptEntry(files.train, settings.objective) };
  if (files.validation) info[validationDatasetName] = shareGptEntry(files.validation, settings.objective);
  return `${JSON.stringify(info, null, 2)}\n`;
}

/** train.yaml for `llamafactory-cli train`, under the argument names of LLaMA-Factory's hparams and transformers. */
export function llamaFactoryYaml(settings: BundleSettings, options: { template: string; hasValidation: boolean }): string {
  const entry = (key: string, value: YamlScalar): [string, YamlScalar] => [key, value];
  const dpo: [string, YamlScalar][] =
    settings.objective === 'dpo'
      ? [entry('pref_beta', settings.beta ?? 0.1), entry('pref_loss', 'sigmoid'), entry('dpo_label_smoothing', settings.labelSmoothing ?? 0)]
      : [];
  return flatYaml([
    { title: 'model', entries: [entry('model_name_or_path', settings.modelId), ...(settings.initAdapter ? [entry('adapter_name_or_path', settings.initAdapter)] : [])] },
    {
      title: 'method',
      entries: [
        entry('stage', settings.objective),
        entry('do_train', true),
        entry('finetuning_type', 'lora'),
        entry('lora_rank', settings.loraRank),
        entry('lora_alpha', settings.loraAlpha),
        entry('lora_dropout', settings.loraDropout),
        entry('lora_target', settings.targetModules.join(',')),
        ...dpo,
      ],
    },
    {
      title: 'dataset',
      entries: [
        entry('dataset', trainDatasetName),
        ...(options.hasValidation ? [entry('eval_dataset', validationDatasetName)] : []),
        entry('dataset_dir', llamaFactoryDataDir),
        entry('template', options.template),
        entry('cutoff_len', settings.maxLength),
        entry('overwrite_cache', true),
      ],
    },
    { title: 'output', entries: [entry('output_dir', 'output'), entry('logging_steps', 1), entry('save_steps', settings.saveSteps), entry('plot_loss', true)] },
    {
      title: 'train',
      entries: [
        entry('per_device_train_batch_size', settings.perDeviceTrainBatchSize),
        entry('gradient_accumulation_steps', settings.gradientAccumulationSteps),
        entry('learning_rate', settings.learningRate),
        entry('num_train_epochs', settings.numTrainEpochs),
        ...(settings.maxSteps > 0 ? [entry('max_steps', settings.maxSteps)] : []),
        entry('lr_scheduler_type', settings.lrSchedulerType),
        entry('warmup_ratio', settings.warmupRatio),
        entry('weight_decay', settings.weightDecay),
        entry('max_grad_norm', settings.maxGradNorm),
        entry('seed', settings.seed),
        entry('bf16', true),
      ],
    },
    {
      title: 'eval',
      entries:
        settings.evalSteps === null
          ? []
          : [entry('per_device_eval_batch_size', settings.perDeviceTrainBatchSize), entry('eval_strategy', 'steps'), entry('eval_steps', settings.evalSteps)],
    },
  ]);
}

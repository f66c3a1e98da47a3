import { describe, expect, it } from 'vitest';
import { bundleSettingsFor } from '../../../electron/engine/training/export/bundleSettings.ts';
import { llamaFactoryDatasetInfo, llamaFactoryYaml } from '../../../electron/engine/training/export/llamaFactoryFiles.ts';
import { pyYamlNumber } from '../../../electron/engine/training/export/pythonYaml.ts';
import { runConfig } from './runConfig.ts';
import {
  llamaFactoryColumnFields,
  llamaFactoryDatasetInfoFields,
  llamaFactoryTagFields,
  llamaFactoryYamlFields,
  pyYamlFloat,
  pyYamlInt,
} from './upstreamFieldNames.ts';

/** key → raw scalar text of a flat YAML file (comment and section lines skipped). */
function yamlScalars(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z0-9_]+): (.+)$/.exec(line);
    if (!match) throw new Error(`not a flat YAML entry: ${line}`);
    expect(entries.has(match[1]!), `duplicate key ${match[1]}`).toBe(false);
    entries.set(match[1]!, match[2]!);
  }
  return entries;
}

/** What yaml.safe_load gives for the scalar, per PyYAML's resolvers (strings are JSON-quoted by the writer). */
function pyYamlValue(raw: string): unknown {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (pyYamlInt.test(raw) || pyYamlFloat.test(raw)) return Number(raw);
  if (raw.startsWith('"')) return JSON.parse(raw) as string;
  return `unquoted string ${raw}`;
}

const yamlOf = (text: string): Record<string, unknown> => Object.fromEntries([...yamlScalars(text)].map(([key, raw]) => [key, pyYamlValue(raw)]));

describe('LLaMA-Factory train.yaml', () => {
  it('maps every SFT setting to the field LLaMA-Factory reads it from', () => {
    const settings = bundleSettingsFor(runConfig(), 'Qwen/Qwen2.5-0.5B-Instruct');
    const text = llamaFactoryYaml(settings, { template: 'qwen', hasValidation: true });
    const yaml = yamlOf(text);
    for (const key of Object.keys(yaml)) expect(llamaFactoryYamlFields, `unverified field ${key}`).toContain(key);
    expect(yaml).toEqual({
      model_name_or_path: 'Qwen/Qwen2.5-0.5B-Instruct',
      stage: 'sft',
      do_train: true,
      finetuning_type: 'lora',
      lora_rank: 12,
      lora_alpha: 24,
      lora_dropout: 0.05,
      lora_target: 'q_proj,v_proj,down_proj',
      dataset: 'workbench_train',
      eval_dataset: 'workbench_validation',
      dataset_dir: 'data',
      template: 'qwen',
      cutoff_len: 768,
      overwrite_cache: true,
      output_dir: 'output',
      logging_steps: 1,
      save_steps: 29,
      plot_loss: true,
      per_device_train_batch_size: 4,
      gradient_accumulation_steps: 5,
      learning_rate: 2e-5,
      num_train_epochs: 3,
      lr_scheduler_type: 'cosine',
      warmup_ratio: 0.07,
      weight_decay: 0.01,
      max_grad_norm: 0.9,
      seed: 1234,
      bf16: true,
      per_device_eval_batch_size: 4,
      eval_strategy: 'steps',
      eval_steps: 17,
    });
  });

  it('writes DPO with its beta and label smoothing, max_steps when the run has one, no eval without validation', () => {
    const config = runConfig({ objective: 'dpo', dpo: { beta: 0.25, labelSmoothing: 0.1 }, validation: null, maxSteps: 40, schedule: 'linear' });
    const yaml = yamlOf(llamaFactoryYaml(bundleSettingsFor(config, 'org/model'), { template: 'llama3', hasValidation: false }));
    for (const key of Object.keys(yaml)) expect(llamaFactoryYamlFields, `unverified field ${key}`).toContain(key);
    expect(yaml).toMatchObject({ stage: 'dpo', pref_beta: 0.25, pref_loss: 'sigmoid', dpo_label_smoothing: 0.1, max_steps: 40, lr_scheduler_type: 'linear' });
    expect(yaml).not.toHaveProperty('eval_dataset');
    expect(yaml).not.toHaveProperty('eval_strategy');
  });

  it('continues an adapter the bundle carries as PEFT (adapter_name_or_path)', () => {
    const yaml = yamlOf(llamaFactoryYaml(bundleSettingsFor(runConfig(), 'o/m', 'init_adapter'), { template: 'qwen', hasValidation: false }));
    for (const key of Object.keys(yaml)) expect(llamaFactoryYamlFields, `unverified field ${key}`).toContain(key);
    expect(yaml.adapter_name_or_path).toBe('init_adapter');
    expect(yamlOf(llamaFactoryYaml(bundleSettingsFor(runConfig(), 'o/m'), { template: 'qwen', hasValidation: false }))).not.toHaveProperty('adapter_name_or_path');
  });

  it('keeps the warm-up of a constant schedule (transformers\' "constant" has none)', () => {
    const warm = bundleSettingsFor(runConfig({ schedule: 'constant', warmupRatio: 0.1 }), 'o/m');
    const cold = bundleSettingsFor(runConfig({ schedule: 'constant', warmupRatio: 0 }), 'o/m');
    expect([warm.lrSchedulerType, cold.lrSchedulerType]).toEqual(['constant_with_warmup', 'constant']);
  });

  it('writes numbers PyYAML reads as floats, not strings (JavaScript writes 1e-5, YAML 1.1 needs 1.0e-5)', () => {
    for (const value of [1e-5, 2e-7, 5e-6, 0.0001, 1.5e-10, 3, 0.5, 1e21]) {
      const text = pyYamlNumber(value);
      expect(pyYamlFloat.test(text) || pyYamlInt.test(text), `${text}`).toBe(true);
      expect(Number(text)).toBe(value);
    }
  });

  it('refuses full-parameter runs by name', () => {
    expect(() => bundleSettingsFor(runConfig({ objective: 'full', lora: null }), 'o/m')).toThrow(/Only LoRA runs/);
  });
});

describe('LLaMA-Factory dataset_info.json', () => {
  it('names only dataset_info fields, columns and tags LLaMA-Factory knows, with ranking for DPO', () => {
    for (const objective of ['sft', 'dpo'] as const) {
      const settings = bundleSettingsFor(runConfig({ objective, dpo: objective === 'dpo' ? { beta: 0.1, labelSmoothing: 0 } : null }), 'o/m');
      const info = JSON.parse(llamaFactoryDatasetInfo(settings, { train: 'train.jsonl', validation: 'validation.jsonl' })) as Record<string, Record<string, unknown>>;
      expect(Object.keys(info)).toEqual(['workbench_train', 'workbench_validation']);
      for (const entry of Object.values(info)) {
        for (const key of Object.keys(entry)) expect(llamaFactoryDatasetInfoFields).toContain(key);
        for (const key of Object.keys(entry.columns as object)) expect(llamaFactoryColumnFields).toContain(key);
        for (const key of Object.keys(entry.tags as object)) expect(llamaFactoryTagFields).toContain(key);
        expect(entry.formatting).toBe('sharegpt');
        expect(entry.ranking === true).toBe(objective === 'dpo');
      }
      expect(info.workbench_validation?.file_name).toBe('validation.jsonl');
    }
  });
});

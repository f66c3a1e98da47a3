import { describe, expect, it } from 'vitest';
import { bundleSettingsFor } from '../../../electron/engine/training/export/bundleSettings.ts';
import { accelerateConfig, trlScript } from '../../../electron/engine/training/export/trlFiles.ts';
import { runConfig } from './runConfig.ts';
import { peftLoraConfigFields, trlDpoConfigFields, trlSftConfigFields } from './upstreamFieldNames.ts';

/** The keyword arguments of `name(...)` in the script, as Python literals turned into JSON values. */
function keywordArguments(script: string, call: string): Record<string, unknown> {
  const block = new RegExp(`${call}\\(\\n((?:    .*\\n)*?)\\)`).exec(script);
  if (!block) throw new Error(`${call}( … ) not found`);
  return Object.fromEntries(
    block[1]!
      .trimEnd()
      .split('\n')
      .map((line) => {
        const match = /^ {4}(\w+)=(.*),$/.exec(line);
        if (!match) throw new Error(`not a keyword argument: ${line}`);
        const json = match[2]!.replace(/^True$/, 'true').replace(/^False$/, 'false').replace(/^None$/, 'null');
        return [match[1]!, JSON.parse(json) as unknown];
      }),
  );
}

describe('TRL bundle script', () => {
  it('SFT: LoraConfig and SFTConfig carry every setting under PEFT\'s and TRL\'s names', () => {
    const script = trlScript(bundleSettingsFor(runConfig(), 'Qwen/Qwen2.5-0.5B-Instruct'), { runName: 'my run', hasValidation: true });
    const lora = keywordArguments(script, 'LoraConfig');
    const args = keywordArguments(script, 'SFTConfig');
    for (const key of Object.keys(lora)) expect(peftLoraConfigFields, `unverified LoraConfig field ${key}`).toContain(key);
    for (const key of Object.keys(args)) expect(trlSftConfigFields, `unverified SFTConfig field ${key}`).toContain(key);
    expect(lora).toEqual({ r: 12, lora_alpha: 24, lora_dropout: 0.05, target_modules: ['q_proj', 'v_proj', 'down_proj'], task_type: 'CAUSAL_LM' });
    expect(args).toEqual({
      output_dir: 'output',
      num_train_epochs: 3,
      max_steps: -1,
      per_device_train_batch_size: 4,
      gradient_accumulation_steps: 5,
      learning_rate: 2e-5,
      lr_scheduler_type: 'cosine',
      warmup_ratio: 0.07,
      weight_decay: 0.01,
      max_grad_norm: 0.9,
      seed: 1234,
      max_length: 768,
      assistant_only_loss: false,
      logging_steps: 1,
      save_steps: 29,
      eval_strategy: 'steps',
      eval_steps: 17,
      bf16: true,
      report_to: 'none',
    });
    expect(script).toContain('MODEL_ID = "Qwen/Qwen2.5-0.5B-Instruct"');
    expect(script).toContain('from trl import SFTConfig, SFTTrainer');
    expect(script).toContain('eval_dataset=dataset["validation"]');
  });

  it('DPO: DPOConfig takes beta, label_smoothing and the sigmoid loss; no eval without validation', () => {
    const config = runConfig({ objective: 'dpo', dpo: { beta: 0.3, labelSmoothing: 0.05 }, validation: null, maxSteps: 12 });
    const script = trlScript(bundleSettingsFor(config, 'org/model'), { runName: 'dpo run', hasValidation: false });
    const args = keywordArguments(script, 'DPOConfig');
    for (const key of Object.keys(args)) expect(trlDpoConfigFields, `unverified DPOConfig field ${key}`).toContain(key);
    expect(args).toMatchObject({ beta: 0.3, label_smoothing: 0.05, loss_type: 'sigmoid', max_steps: 12, eval_strategy: 'no' });
    expect(args).not.toHaveProperty('eval_steps');
    expect(script).toContain('from trl import DPOConfig, DPOTrainer');
    expect(script).toContain('eval_dataset=None');
  });

  it('continues the bundle\'s PEFT adapter instead of making a new one', () => {
    const script = trlScript(bundleSettingsFor(runConfig(), 'org/model', 'init_adapter'), { runName: 'more', hasValidation: false });
    expect(script).toContain('model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(MODEL_ID), "init_adapter", is_trainable=True)');
    expect(script).toMatch(/^ {4}model=model,$/m);
    expect(script).toMatch(/^ {4}peft_config=None,$/m);
    const fresh = trlScript(bundleSettingsFor(runConfig(), 'org/model'), { runName: 'new', hasValidation: false });
    expect(fresh).not.toContain('PeftModel');
    expect(fresh).toMatch(/^ {4}peft_config=peft_config,$/m);
  });

  it('the accelerate config runs DeepSpeed ZeRO-2 in bf16', () => {
    const text = accelerateConfig();
    expect(text).toMatch(/^distributed_type: DEEPSPEED$/m);
    expect(text).toMatch(/^ {2}zero_stage: 2$/m);
    expect(text).toMatch(/^mixed_precision: bf16$/m);
  });
});

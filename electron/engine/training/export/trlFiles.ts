import type { BundleSettings } from './bundleSettings.ts';
import { pyYamlNumber } from './pythonYaml.ts';

type PyValue = string | number | boolean | null | readonly string[];

/** A Python literal: JSON strings are valid Python strings; numbers as PyYAML would print them read the same. */
function py(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyYamlNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
}

const keywordLines = (entries: readonly (readonly [string, PyValue])[]): string => entries.map(([key, value]) => `    ${key}=${py(value)},`).join('\n');

export const trlScriptName = (objective: 'sft' | 'dpo'): string => `train_${objective}.py`;

/**
 * The TRL script: PEFT's LoraConfig and TRL's SFTConfig/DPOConfig (TrainingArguments underneath) with the run's
 * values; data as written next to it (conversational "messages" for SFT, prompt/chosen/rejected turns for DPO).
 */
export function trlScript(settings: BundleSettings, options: { runName: string; hasValidation: boolean }): string {
  const dpo = settings.objective === 'dpo';
  const lora: [string, PyValue][] = [
    ['r', settings.loraRank],
    ['lora_alpha', settings.loraAlpha],
    ['lora_dropout', settings.loraDropout],
    ['target_modules', settings.targetModules],
    ['task_type', 'CAUSAL_LM'],
  ];
  const training: [string, PyValue][] = [
    ['output_dir', 'output'],
    ['num_train_epochs', settings.numTrainEpochs],
    ['max_steps', settings.maxSteps],
    ['per_device_train_batch_size', settings.perDeviceTrainBatchSize],
    ['gradient_accumulation_steps', settings.gradientAccumulationSteps],
    ['learning_rate', settings.learningRate],
    ['lr_scheduler_type', settings.lrSchedulerType],
    ['warmup_ratio', settings.warmupRatio],
    ['weight_decay', settings.weightDecay],
    ['max_grad_norm', settings.maxGradNorm],
    ['seed', settings.seed],
    ['max_length', settings.maxLength],
    ...(dpo
      ? ([
          ['beta', settings.beta ?? 0.1],
          ['label_smoothing', settings.labelSmoothing ?? 0],
          ['loss_type', 'sigmoid'],
        ] as [string, PyValue][])
      : ([['assistant_only_loss', false]] as [string, PyValue][])),
    ['logging_steps', 1],
    ['save_steps', settings.saveSteps],
    ['eval_strategy', settings.evalSteps === null ? 'no' : 'steps'],
    ...(settings.evalSteps === null ? [] : ([['eval_steps', settings.evalSteps]] as [string, PyValue][])),
    ['bf16', true],
    ['report_to', 'none'],
  ];
  const configClass = dpo ? 'DPOConfig' : 'SFTConfig';
  const trainerClass = dpo ? 'DPOTrainer' : 'SFTTrainer';
  const dataFiles = options.hasValidation ? '{"train": "data/train.jsonl", "validation": "data/validation.jsonl"}' : '{"train": "data/train.jsonl"}';
  return `# Written by LLM Workbench for the run ${JSON.stringify(options.runName)}.
# Run on the cluster: accelerate launch --config_file accelerate.yaml ${trlScriptName(settings.objective)}
# save_model and save_state leave the adapter (adapter_config.json + adapter_model.safetensors) and trainer_state.json
# in output/; bring them back with: workbench train import --from output --base <the GGUF>
from datasets import load_dataset
from peft import LoraConfig${settings.initAdapter ? ', PeftModel' : ''}
${settings.initAdapter ? 'from transformers import AutoModelForCausalLM\n' : ''}from trl import ${configClass}, ${trainerClass}

MODEL_ID = ${py(settings.modelId)}

dataset = load_dataset("json", data_files=${dataFiles})

peft_config = LoraConfig(
${keywordLines(lora)}
)

args = ${configClass}(
${keywordLines(training)}
)

${
    settings.initAdapter
      ? `# The run continues an adapter: train it further (its own rank and alpha) instead of a new LoraConfig.
model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(MODEL_ID), ${py(settings.initAdapter)}, is_trainable=True)
`
      : ''
  }
trainer = ${trainerClass}(
    model=${settings.initAdapter ? 'model' : 'MODEL_ID'},
    args=args,
    train_dataset=dataset["train"],
    eval_dataset=${options.hasValidation ? 'dataset["validation"]' : 'None'},
    peft_config=${settings.initAdapter ? 'None' : 'peft_config'},
)
trainer.train()
trainer.save_model("output")
trainer.save_state()
`;
}

/** accelerate's config for one machine, several GPUs, DeepSpeed ZeRO-2 (as TRL's examples/accelerate_configs). */
export function accelerateConfig(): string {
  return `# accelerate launch --config_file accelerate.yaml …  Set num_processes to the number of GPUs on the machine.
compute_environment: LOCAL_MACHINE
debug: false
deepspeed_config:
  deepspeed_multinode_launcher: standard
  offload_optimizer_device: none
  offload_param_device: none
  zero3_init_flag: false
  zero_stage: 2
distributed_type: DEEPSPEED
downcast_bf16: 'no'
machine_rank: 0
main_training_function: main
mixed_precision: bf16
num_machines: 1
num_processes: 8
rdzv_backend: static
same_network: true
tpu_env: []
tpu_use_cluster: false
tpu_use_sudo: false
use_cpu: false
`;
}

import type { BaseModelId } from '../../adapters/interop/baseModelIdentity.ts';
import type { BundleTarget } from './bundleTarget.ts';
import { trlScriptName } from './trlFiles.ts';

export function runCommand(target: BundleTarget, objective: 'sft' | 'dpo'): string {
  return target === 'llama-factory' ? 'llamafactory-cli train train.yaml' : `accelerate launch --config_file accelerate.yaml ${trlScriptName(objective)}`;
}

export function bundleReadme(options: {
  runName: string;
  target: BundleTarget;
  objective: 'sft' | 'dpo';
  modelId: string;
  baseModel: BaseModelId;
  baseModelPath: string;
  trainRows: number;
  validationRows: number | null;
  unmapped: readonly string[];
}): string {
  const install = options.target === 'llama-factory' ? 'pip install llamafactory' : 'pip install trl peft accelerate deepspeed datasets';
  const origin = options.baseModel.id ? `taken from ${options.baseModel.source} of ${options.baseModelPath}` : `NOT FOUND in ${options.baseModelPath}: set it before running`;
  const output = options.target === 'llama-factory' ? 'output/' : 'output/ (and output/checkpoint-*/trainer_state.json)';
  return `# ${options.runName} — ${options.target === 'llama-factory' ? 'LLaMA-Factory' : 'TRL'} ${options.objective.toUpperCase()} bundle

Written by LLM Workbench from a local LoRA run, with the same settings.

## Run it

    ${install}
    ${runCommand(options.target, options.objective)}

## Base model

Hugging Face model id: \`${options.modelId}\` (${origin}).

## Data

data/train.jsonl: ${options.trainRows} rows${options.validationRows === null ? '' : `; data/validation.jsonl: ${options.validationRows} rows`}.

## Bring the result back

The adapter and the trainer's log land in ${output}. On the workbench machine:

    workbench train import --from <folder with adapter_config.json and trainer_state.json> --base <the GGUF> --json

## Not carried over

${options.unmapped.map((note) => `- ${note}`).join('\n')}
`;
}

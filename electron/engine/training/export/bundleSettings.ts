import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';

/** Our LoRA target names → the Hugging Face module names PEFT's target_modules and LLaMA-Factory's lora_target use. */
const hfModuleOfTarget: Readonly<Record<string, string>> = {
  q: 'q_proj',
  k: 'k_proj',
  v: 'v_proj',
  o: 'o_proj',
  gate: 'gate_proj',
  up: 'up_proj',
  down: 'down_proj',
};

/** A run's settings in the vocabulary both PyTorch trainers share (transformers' TrainingArguments, PEFT's LoraConfig). */
export interface BundleSettings {
  readonly objective: 'sft' | 'dpo';
  readonly modelId: string;
  readonly loraRank: number;
  readonly loraAlpha: number;
  readonly loraDropout: number;
  readonly targetModules: readonly string[];
  readonly learningRate: number;
  readonly lrSchedulerType: 'constant' | 'constant_with_warmup' | 'cosine' | 'linear';
  readonly warmupRatio: number;
  readonly numTrainEpochs: number;
  /** -1 = no limit, as transformers spells it. */
  readonly maxSteps: number;
  readonly perDeviceTrainBatchSize: number;
  readonly gradientAccumulationSteps: number;
  readonly maxLength: number;
  readonly weightDecay: number;
  readonly maxGradNorm: number;
  readonly seed: number;
  readonly saveSteps: number;
  /** Set when the run has validation data. */
  readonly evalSteps: number | null;
  readonly beta: number | null;
  readonly labelSmoothing: number | null;
  /** The bundle folder holding the adapter the run continues (as PEFT), or null when it starts a new one. */
  readonly initAdapter: string | null;
}

/**
 * Maps a resolved run config to the trainers' values. Full-parameter and plain-text runs are refused: the bundle
 * carries LoRA SFT and DPO on datasets, the runs whose adapter can come back.
 */
export function bundleSettingsFor(config: ResolvedTrainingConfig, modelId: string, initAdapter: string | null = null): BundleSettings {
  if (config.objective === 'full' || !config.lora) {
    throw new WorkbenchError('bad_input', 'Only LoRA runs (sft, dpo) can be exported as a training bundle; full-parameter runs cannot', { field: 'objective' }, reason('bundle_needs_lora_run', {}));
  }
  if (config.data.kind !== 'dataset') throw new WorkbenchError('bad_input', 'The run trains on a text file; a bundle carries a dataset', { field: 'data' }, reason('bundle_needs_dataset', {}));
  const dpo = config.objective === 'dpo' ? (config.dpo ?? { beta: 0.1, labelSmoothing: 0 }) : null;
  return {
    objective: config.objective,
    modelId,
    loraRank: config.lora.rank,
    loraAlpha: config.lora.alpha,
    loraDropout: config.lora.dropout,
    targetModules: config.lora.targets.map((target) => hfModuleOfTarget[target] ?? target),
    learningRate: config.lr,
    // transformers' "constant" ignores warm-up; ours warms up whenever the ratio is above zero.
    lrSchedulerType: config.schedule === 'constant' ? (config.warmupRatio > 0 ? 'constant_with_warmup' : 'constant') : config.schedule,
    warmupRatio: config.warmupRatio,
    numTrainEpochs: config.epochs,
    maxSteps: config.maxSteps ?? -1,
    perDeviceTrainBatchSize: config.batchSize,
    gradientAccumulationSteps: config.gradAccum,
    maxLength: config.contextLength,
    weightDecay: config.weightDecay,
    maxGradNorm: config.gradClip,
    seed: config.seed,
    saveSteps: config.checkpointEvery,
    evalSteps: config.validation ? config.evalEvery : null,
    beta: dpo?.beta ?? null,
    labelSmoothing: dpo?.labelSmoothing ?? null,
    initAdapter,
  };
}

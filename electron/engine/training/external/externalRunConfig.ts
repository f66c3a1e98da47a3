import { loraTargetNames, trainingConfigSchema, type TrainingConfig, type TrainingData } from '../../../shared/contract/training.ts';
import type { TrainerStateFacts } from './readTrainerState.ts';

/** llama.cpp tensor kinds → our LoRA target names (blk.N.attn_q.weight → q). */
const targetOfTensor: Readonly<Record<string, (typeof loraTargetNames)[number]>> = {
  attn_q: 'q',
  attn_k: 'k',
  attn_v: 'v',
  attn_output: 'o',
  ffn_gate: 'gate',
  ffn_up: 'up',
  ffn_down: 'down',
};

/** The data of a run that came without a bundle: nothing in the library to point at. */
export const externalDatasetId = 'external';

/** The settings a bundle's run used that neither the adapter nor the Trainer's log records. */
const settingsFromBundle = ['gradAccum', 'contextLength', 'lr', 'weightDecay', 'schedule', 'warmupRatio', 'gradClip', 'seed', 'evalEvery', 'checkpointEvery'] as const;

export function loraTargetsOf(tensors: readonly string[]): (typeof loraTargetNames)[number][] {
  const kinds = new Set(tensors.map((tensor) => targetOfTensor[/^blk\.\d+\.(\w+)\.weight$/.exec(tensor)?.[1] ?? '']).filter((target) => target !== undefined));
  return loraTargetNames.filter((target) => kinds.has(target));
}

/**
 * The config an external run is recorded with: what really ran (adapter rank/alpha/targets, the Trainer's epochs,
 * steps and batch) over what the bundle it came from asked for (its data, seed, schedule …), so it sits next to
 * local runs with comparable settings.
 */
export function externalRunConfig(options: {
  basePath: string;
  name: string;
  facts: TrainerStateFacts;
  lora: { rank: number; alpha: number; targets: readonly string[]; dropout: number };
  bundleConfig: Record<string, unknown> | null;
}): TrainingConfig {
  const { facts, bundleConfig } = options;
  const fromBundle: Record<string, unknown> = {};
  for (const key of settingsFromBundle) if (bundleConfig?.[key] !== undefined && bundleConfig[key] !== null) fromBundle[key] = bundleConfig[key];
  // Without a bundle, the peak learning rate the log shows is the best guess of the configured one.
  if (fromBundle.lr === undefined) fromBundle.lr = Math.max(...facts.points.map((point) => point.lr)) || undefined;
  const data = (bundleConfig?.data as TrainingData | undefined) ?? { kind: 'dataset', datasetId: externalDatasetId, split: 'all' };
  const targets = loraTargetsOf(options.lora.targets);
  const dpo = bundleConfig?.dpo as { beta: number; labelSmoothing: number } | null | undefined;
  const candidate = {
    objective: facts.objective,
    model: options.basePath,
    data,
    validation: (bundleConfig?.validation as TrainingData | null | undefined) ?? null,
    lora: { rank: options.lora.rank, alpha: options.lora.alpha, targets: targets.length > 0 ? targets : [...loraTargetNames], dropout: Math.min(options.lora.dropout, 0.9) },
    ...(facts.objective === 'dpo' && dpo ? { dpo } : {}),
    ...(facts.numTrainEpochs !== null && facts.numTrainEpochs > 0 ? { epochs: facts.numTrainEpochs } : {}),
    ...(facts.maxSteps !== null && facts.maxSteps > 0 ? { maxSteps: facts.maxSteps } : {}),
    ...(facts.trainBatchSize !== null && facts.trainBatchSize > 0 ? { batchSize: facts.trainBatchSize } : {}),
    ...Object.fromEntries(Object.entries(fromBundle).filter(([, value]) => value !== undefined)),
    name: options.name,
  };
  const parsed = trainingConfigSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  // A bundle from another version may carry a value this one refuses: keep what the adapter and the log say.
  return trainingConfigSchema.parse({ ...candidate, ...Object.fromEntries(settingsFromBundle.map((key) => [key, undefined])), data: { kind: 'dataset', datasetId: externalDatasetId, split: 'all' }, validation: null });
}

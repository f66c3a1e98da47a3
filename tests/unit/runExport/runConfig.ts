import type { ResolvedTrainingConfig } from '../../../electron/shared/contract/training.ts';

/** A resolved run config with a distinct value in every field, so a value landing under the wrong key shows. */
export function runConfig(overrides: Partial<ResolvedTrainingConfig> = {}): ResolvedTrainingConfig {
  const config: Partial<ResolvedTrainingConfig> = {
    objective: 'sft',
    modelPath: '/models/base.gguf',
    modelSha256: null,
    initAdapterPath: null,
    data: { kind: 'dataset', datasetId: 'ds', split: 'train' },
    validation: { kind: 'dataset', datasetId: 'ds', split: 'validation' },
    preset: 'standard',
    lora: { rank: 12, alpha: 24, targets: ['q', 'v', 'down'], dropout: 0.05 },
    dpo: null,
    epochs: 3,
    maxSteps: null,
    batchSize: 4,
    gradAccum: 5,
    contextLength: 768,
    lr: 2e-5,
    weightDecay: 0.01,
    schedule: 'cosine',
    warmupRatio: 0.07,
    gradClip: 0.9,
    seed: 1234,
    evalEvery: 17,
    checkpointEvery: 29,
    samplePrompts: [],
    outputPath: '/out/a.gguf',
    name: 'my run',
    threads: null,
    ...overrides,
  };
  return config as ResolvedTrainingConfig;
}

import type { TrainingObjective, TrainingPreset } from '../../shared/contract/training.ts';

/** What a preset fills in when the config leaves it out. */
export interface PresetValues {
  epochs: number;
  batchSize: number;
  gradAccum: number;
  contextLength: number;
  lr: number;
  weightDecay: number;
  schedule: 'constant' | 'cosine' | 'linear';
  warmupRatio: number;
  gradClip: number;
  evalEvery: number;
  checkpointEvery: number;
}

const base: Record<TrainingPreset, Omit<PresetValues, 'lr'> & { description: string }> = {
  quick: {
    epochs: 1,
    batchSize: 4,
    gradAccum: 1,
    contextLength: 512,
    weightDecay: 0,
    schedule: 'cosine',
    warmupRatio: 0.05,
    gradClip: 1,
    evalEvery: 20,
    checkpointEvery: 50,
    description: 'One pass over the data with short contexts: a first look in minutes on a CPU.',
  },
  standard: {
    epochs: 3,
    batchSize: 4,
    gradAccum: 2,
    contextLength: 1024,
    weightDecay: 0.01,
    schedule: 'cosine',
    warmupRatio: 0.05,
    gradClip: 1,
    evalEvery: 50,
    checkpointEvery: 100,
    description: 'Three epochs, effective batch 8: the usual fine-tune.',
  },
  thorough: {
    epochs: 5,
    batchSize: 8,
    gradAccum: 2,
    contextLength: 2048,
    weightDecay: 0.01,
    schedule: 'cosine',
    warmupRatio: 0.1,
    gradClip: 1,
    evalEvery: 50,
    checkpointEvery: 100,
    description: 'More epochs, longer contexts and a gentler warm-up; best with a validation split to catch overfitting.',
  },
};

/**
 * Peak learning rates: LoRA tolerates far larger steps than full-parameter training; DPO moves a policy that
 * already works, so it uses smaller steps than SFT (TRL's defaults are in the same range).
 */
const learningRates: Record<TrainingObjective, Record<TrainingPreset, number>> = {
  sft: { quick: 3e-4, standard: 2e-4, thorough: 1e-4 },
  dpo: { quick: 5e-5, standard: 2e-5, thorough: 1e-5 },
  full: { quick: 1e-4, standard: 5e-5, thorough: 3e-5 },
};

export function presetValues(objective: TrainingObjective, preset: TrainingPreset): PresetValues {
  const { description: _description, ...values } = base[preset];
  return { ...values, lr: learningRates[objective][preset] };
}

export function presetDescription(preset: TrainingPreset): string {
  return base[preset].description;
}

import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';
import type { LearningRateSchedule, TrainingDeviceChoice, TrainingSessionOptions } from '../native/nativeTrainerApi.ts';

/** A schedule that holds the learning rate: for sessions that take no real optimizer steps (calibration, export). */
export const constantSchedule: LearningRateSchedule = { kind: 'constant', warmupSteps: 0, totalSteps: 1, minLrRatio: 1 };

interface SessionUse {
  /** LoRA dropout for this session's steps (0 where nothing trains). */
  dropout: number;
  /** Where it runs; left out, the trainer's default ('auto'). */
  device?: TrainingDeviceChoice;
  lr: number;
  schedule: LearningRateSchedule;
}

/**
 * The trainer session of a run's shape — model, full or LoRA (rank, alpha, targets, starting adapter), context,
 * threads, seed, AdamW — in one place for the run itself, its calibration and a checkpoint's export, so the three
 * cannot drift apart (a checkpoint only loads into a session of the shape that wrote it).
 */
export function sessionOptionsForRun(config: ResolvedTrainingConfig, use: SessionUse): TrainingSessionOptions {
  const { lora } = config;
  return {
    modelPath: config.modelPath,
    mode: config.objective === 'full' ? 'full' : 'lora',
    ...(lora
      ? { lora: { rank: lora.rank, alpha: lora.alpha, targets: lora.targets, dropout: use.dropout, ...(config.initAdapterPath ? { initAdapterPath: config.initAdapterPath } : {}) } }
      : {}),
    contextLength: config.contextLength,
    ...(config.threads ? { threads: config.threads } : {}),
    ...(use.device ? { device: use.device } : {}),
    seed: config.seed,
    optimizer: { lr: use.lr, weightDecay: config.weightDecay, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: config.gradClip, schedule: use.schedule },
  };
}

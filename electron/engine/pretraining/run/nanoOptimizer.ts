import type { OptimizerOptions } from '../../training/native/nativeTrainerApi.ts';

/**
 * The AdamW set-up every full-parameter run of a nano model uses (pretraining, base → chat SFT, "I don't know"
 * SFT): β2 0.95 and clipping at 1 as small-model pretraining recipes do, 5 % warm-up, cosine down to a tenth.
 */
export function nanoOptimizer(lr: number, steps: number): OptimizerOptions {
  return {
    lr,
    weightDecay: 0.01,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    gradClip: 1,
    schedule: { kind: 'cosine', warmupSteps: Math.max(1, Math.round(steps * 0.05)), totalSteps: steps, minLrRatio: 0.1 },
  };
}

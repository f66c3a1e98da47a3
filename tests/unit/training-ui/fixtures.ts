import type { DpoMetrics, TrainingMetricPoint } from '../../../electron/shared/contract/training.ts';

/** A metric point with plausible numbers; tests override what they look at. */
export function point(step: number, changes: Partial<TrainingMetricPoint> = {}): TrainingMetricPoint {
  return {
    step,
    epoch: step / 10,
    loss: 3 - step * 0.01,
    lr: 2e-4,
    gradNorm: 1,
    tokensPerSecond: 500,
    targetTokens: 64,
    valLoss: null,
    dpo: null,
    valDpo: null,
    memoryBytes: 1e8,
    at: '2026-12-05T06:00:00.000Z',
    ...changes,
  };
}

export function dpo(margin: number, accuracy: number): DpoMetrics {
  return {
    'rewards/chosen': -0.1,
    'rewards/rejected': -0.1 - margin,
    'rewards/margins': margin,
    'rewards/accuracies': accuracy,
    'logps/chosen': -20,
    'logps/rejected': -25,
  };
}

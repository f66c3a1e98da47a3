import type { OptimizerOptions } from './nativeTrainerApi.ts';

/**
 * Learning rate of the optimizer step with 0-based index `step`: linear warm-up to `lr` over `warmupSteps`
 * (the first step already gets lr/warmupSteps, never 0), then constant, or decay to `lr * minLrRatio` over the
 * remaining `totalSteps - warmupSteps` steps (linear or half-cosine). Steps past totalSteps stay at the floor.
 */
export function learningRateAt(step: number, optimizer: Pick<OptimizerOptions, 'lr' | 'schedule'>): number {
  const { lr, schedule } = optimizer;
  const warmup = Math.max(0, Math.floor(schedule.warmupSteps));
  if (step < warmup) return (lr * (step + 1)) / warmup;
  if (schedule.kind === 'constant') return lr;
  const floor = Math.min(Math.max(schedule.minLrRatio ?? 0, 0), 1);
  const decaySteps = Math.max(1, schedule.totalSteps - warmup);
  const progress = Math.min(Math.max((step - warmup) / decaySteps, 0), 1);
  const shape = schedule.kind === 'linear' ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
  return lr * (floor + (1 - floor) * shape);
}

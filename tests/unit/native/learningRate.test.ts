import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../../electron/engine/training/native/learningRate.ts';
import type { LearningRateSchedule } from '../../../electron/engine/training/native/nativeTrainerApi.ts';

const at = (step: number, schedule: LearningRateSchedule, lr = 1) => learningRateAt(step, { lr, schedule });

describe('learningRateAt', () => {
  it('warms up linearly from lr/warmup to lr, never 0 on the first step', () => {
    const schedule = { kind: 'constant', warmupSteps: 4, totalSteps: 10 } as const;
    expect([0, 1, 2, 3, 4, 9].map((s) => at(s, schedule, 2))).toEqual([0.5, 1, 1.5, 2, 2, 2]);
  });

  it('decays linearly to the floor over the steps after warm-up', () => {
    const schedule = { kind: 'linear', warmupSteps: 2, totalSteps: 12, minLrRatio: 0.1 } as const;
    expect(at(2, schedule)).toBeCloseTo(1);
    expect(at(7, schedule)).toBeCloseTo(0.1 + 0.9 * 0.5);
    expect(at(12, schedule)).toBeCloseTo(0.1);
    expect(at(50, schedule)).toBeCloseTo(0.1);
  });

  it('follows a half cosine', () => {
    const schedule = { kind: 'cosine', warmupSteps: 0, totalSteps: 100 } as const;
    expect(at(0, schedule)).toBeCloseTo(1);
    expect(at(50, schedule)).toBeCloseTo(0.5);
    expect(at(25, schedule)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)));
    expect(at(100, schedule)).toBeCloseTo(0);
    const steps = Array.from({ length: 100 }, (_, s) => at(s, schedule));
    expect(steps.every((lr, i) => i === 0 || lr <= steps[i - 1]!)).toBe(true);
  });
});

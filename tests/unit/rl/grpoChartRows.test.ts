import { describe, expect, it } from 'vitest';
import type { GrpoProgress } from '../../../electron/shared/contract/rl.ts';
import { grpoChartRows, lastStep, samplesByStep } from '../../../renderer/src/pages/rl/grpoChartRows.ts';

const step = (n: number, reward: number, rewardStd: number): GrpoProgress => ({
  type: 'step', step: n, totalSteps: 3, reward, rewardStd, rewardParts: [reward], kl: n / 100, completionLength: 5, zeroStdFraction: 0, gradNorm: 1, samplingMs: 10, updateMs: 5,
});

describe('GRPO dashboard rows', () => {
  it('one row per step with the reward band, KL and length; pass@1 on the evaluated steps, step 0 before training', () => {
    const items: GrpoProgress[] = [
      { type: 'eval', step: 0, passAt1: 0.25, heldOut: 4 },
      step(1, 0.5, 0.1),
      { type: 'samples', step: 1, samples: [{ prompt: 'p', reply: 'a', reward: 1, advantage: 0.7 }] },
      step(2, 0.75, 0.2),
      { type: 'eval', step: 2, passAt1: 0.5, heldOut: 4 },
      { type: 'status', stage: { code: 'resumed', params: { step: 2 } } },
    ];
    const rows = grpoChartRows(items);
    expect(rows.map((r) => r.step)).toEqual([0, 1, 2]);
    expect(rows[0]).toMatchObject({ reward: null, passAt1: 0.25 });
    expect(rows[2]).toMatchObject({ reward: 0.75, rewardHigh: 0.95, rewardLow: 0.55, kl: 0.02, passAt1: 0.5 });
    expect(rows[1]!.rewardHigh).toBeCloseTo(0.6, 12);
    expect(lastStep(items)).toMatchObject({ step: 2 });
    expect(samplesByStep(items).get(1)).toHaveLength(1);
  });

  it('a resumed run that redoes a step replaces it instead of drawing it twice', () => {
    const rows = grpoChartRows([step(1, 0.2, 0), step(2, 0.3, 0), step(2, 0.4, 0)]);
    expect(rows.map((r) => [r.step, r.reward])).toEqual([
      [1, 0.2],
      [2, 0.4],
    ]);
  });
});

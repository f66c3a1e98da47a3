import { describe, expect, it } from 'vitest';
import type { RewardModelProgress, RewardModelResult } from '../../../electron/shared/contract/rewardModel.ts';
import { generalizationRows, histogramRows, stepRows } from '../../../renderer/src/pages/rewardModel/rewardChartRows.ts';

const metrics = (accuracy: number, meanMargin: number) => ({ pairs: 10, accuracy, meanMargin, loss: 0.5 });

describe('reward model charts', () => {
  it('one row per step; held-out and the first probe set only where they were scored', () => {
    const items: RewardModelProgress[] = [
      { type: 'status', stage: { code: 'scoring_before', params: {} } },
      { type: 'step', step: 1, totalSteps: 2, loss: 0.7, trainAccuracy: 0.5, trainMargin: 0.1, heldOut: metrics(0.6, 0.2), probes: [{ label: 'other', ...metrics(0.4, -0.1) }], elapsedMs: 1 },
      { type: 'step', step: 2, totalSteps: 2, loss: 0.6, trainAccuracy: 0.75, trainMargin: 0.3, heldOut: null, probes: null, elapsedMs: 2 },
    ];
    expect(stepRows(items)).toEqual([
      { step: 1, trainAccuracy: 0.5, trainMargin: 0.1, heldOutAccuracy: 0.6, heldOutMargin: 0.2, probeAccuracy: 0.4, probeMargin: -0.1 },
      { step: 2, trainAccuracy: 0.75, trainMargin: 0.3, heldOutAccuracy: null, heldOutMargin: null, probeAccuracy: null, probeMargin: null },
    ]);
  });

  it('the generalisation chart puts held-out first, then each probe set, before and after', () => {
    const histogram = { edges: [-1, 0, 1], counts: [1, 9] };
    const set = (label: string, before: number, after: number) => ({ label, before: metrics(before, 0), after: metrics(after, 1), histogram });
    const result: RewardModelResult = {
      outPath: 'rm.gguf', manifestPath: 'rm.reward.json', modelPath: 'm.gguf', steps: 3, accuracy: 1,
      train: set('train', 0.5, 1), heldOut: set('held-out', 0.8, 1), probes: [set('general chat', 0.44, 0.44)], seconds: 1,
    };
    expect(generalizationRows(result, 'held-out pairs')).toEqual([
      { set: 'held-out pairs', before: 0.8, after: 1, pairs: 10 },
      { set: 'general chat', before: 0.44, after: 0.44, pairs: 10 },
    ]);
  });

  it('histogram bars are labelled by range and the ones left of 0 are marked wrong', () => {
    expect(histogramRows({ edges: [-2, -1, 0, 1, 2], counts: [1, 2, 3, 4] })).toEqual([
      { bin: '-2.0…-1.0', count: 1, wrong: true },
      { bin: '-1.0…0.0', count: 2, wrong: true },
      { bin: '0.0…1.0', count: 3, wrong: false },
      { bin: '1.0…2.0', count: 4, wrong: false },
    ]);
  });
});

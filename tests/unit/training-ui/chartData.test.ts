import { describe, expect, it } from 'vitest';
import { compareRows, lossRows, rewardRows, sampleGrid, thinPoints } from '../../../renderer/src/pages/training/chartData.ts';
import { dpo, point } from './fixtures.ts';

describe('training chart data', () => {
  it('thins long runs to the limit and keeps the last point', () => {
    const steps = Array.from({ length: 1001 }, (_, index) => index + 1);
    const thinned = thinPoints(steps, 100);
    expect(thinned.length).toBeLessThanOrEqual(101);
    expect(thinned.at(-1)).toBe(1001);
    expect(thinPoints([1, 2, 3], 100)).toEqual([1, 2, 3]);
  });

  it('keeps every validation point when thinning the loss curve', () => {
    const points = Array.from({ length: 2000 }, (_, index) => point(index + 1, { valLoss: (index + 1) % 97 === 0 ? 2 : null }));
    const rows = lossRows(points);
    expect(rows.length).toBeLessThan(1100);
    expect(rows.filter((row) => row.valLoss !== null).map((row) => row.step)).toEqual(points.filter((entry) => entry.valLoss !== null).map((entry) => entry.step));
  });

  it('takes DPO rows under the TRL names and skips points without DPO metrics', () => {
    const rows = rewardRows([point(1), point(2, { dpo: dpo(0.5, 0.75), valDpo: dpo(0.2, 0.6) })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ step: 2, chosen: -0.1, rejected: -0.6, margins: 0.5, accuracies: 0.75, valAccuracies: 0.6, logpsChosen: -20, logpsRejected: -25 });
  });

  it('lines up several runs by step, leaving gaps where a run has no point', () => {
    const rows = compareRows([
      { id: 'a', name: 'A', metrics: [point(1, { loss: 3 }), point(2, { loss: 2 })] },
      { id: 'b', name: 'B', metrics: [point(2, { loss: 2.5 }), point(3, { loss: 2.2 })] },
    ]);
    expect(rows).toEqual([
      { step: 1, 'loss:a': 3 },
      { step: 2, 'loss:a': 2, 'loss:b': 2.5 },
      { step: 3, 'loss:b': 2.2 },
    ]);
  });

  it('lays samples out as prompt × step', () => {
    const grid = sampleGrid([
      { step: 20, prompt: 'q1', output: 'late' },
      { step: 10, prompt: 'q1', output: 'early' },
      { step: 10, prompt: 'q2', output: 'other' },
    ]);
    expect(grid.prompts).toEqual(['q1', 'q2']);
    expect(grid.steps).toEqual([10, 20]);
    expect(grid.answer('q1', 10)).toBe('early');
    expect(grid.answer('q1', 20)).toBe('late');
    expect(grid.answer('q2', 20)).toBeNull();
  });
});

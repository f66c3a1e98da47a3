import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../electron/shared/contract/training.ts';
import { applyProgress, mergePoint, mergeSample, parseProgressData, type LiveRunView } from '../../../renderer/src/pages/training/liveRun.ts';
import { point } from './fixtures.ts';

const emptyView = (): LiveRunView => ({ runId: 'r1', metrics: [], samples: [], totalSteps: 0, etaSeconds: null, status: null, lastCheckpointStep: null });

describe('live run merging', () => {
  it('appends later steps in order', () => {
    const merged = [1, 2, 3].map((step) => point(step)).reduce(mergePoint, [] as ReturnType<typeof point>[]);
    expect(merged.map((entry) => entry.step)).toEqual([1, 2, 3]);
  });

  it('replaces the tail when a resumed run goes back to its checkpoint', () => {
    const before = [1, 2, 3, 4, 5].map((step) => point(step));
    const resumed = mergePoint(before, point(4, { loss: 9 }));
    expect(resumed.map((entry) => entry.step)).toEqual([1, 2, 3, 4]);
    expect(resumed.at(-1)?.loss).toBe(9);
  });

  it('keeps one sample per prompt and step', () => {
    const first = mergeSample([], { step: 10, prompt: 'hi', output: 'a' });
    const second = mergeSample(first, { step: 10, prompt: 'hi', output: 'b' });
    const third = mergeSample(second, { step: 20, prompt: 'hi', output: 'c' });
    expect(third).toEqual([
      { step: 10, prompt: 'hi', output: 'b' },
      { step: 20, prompt: 'hi', output: 'c' },
    ]);
  });

  it('folds status, steps, samples and checkpoints of its own run and ignores other runs', () => {
    const events: TrainingProgress[] = [
      { type: 'status', runId: 'r1', stage: { code: 'loading_model', params: {} } },
      { type: 'step', runId: 'r1', point: point(1), totalSteps: 40, etaSeconds: 12 },
      { type: 'step', runId: 'other', point: point(2), totalSteps: 99, etaSeconds: 1 },
      { type: 'sample', runId: 'r1', sample: { step: 1, prompt: 'p', output: 'o' } },
      { type: 'checkpoint', runId: 'r1', step: 1, path: '/tmp/ckpt-1' },
    ];
    const view = events.reduce(applyProgress, emptyView());
    expect(view.metrics.map((entry) => entry.step)).toEqual([1]);
    expect(view.totalSteps).toBe(40);
    expect(view.etaSeconds).toBe(12);
    expect(view.status).toBeNull();
    expect(view.samples).toHaveLength(1);
    expect(view.lastCheckpointStep).toBe(1);
  });

  it('reads single and batched progress data and skips foreign shapes', () => {
    const step = { type: 'step', runId: 'r1', point: point(3), totalSteps: 10, etaSeconds: null };
    expect(parseProgressData(step)).toHaveLength(1);
    expect(parseProgressData([step, { type: 'setup', parameters: 3 }, null])).toHaveLength(1);
    expect(parseProgressData(undefined)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { applyProgress, parseProgressData, type LiveRunView } from '../../../renderer/src/pages/training/liveRun.ts';

const view = (): LiveRunView => ({ runId: 'r1', metrics: [], samples: [], totalSteps: 0, etaSeconds: null, status: null, lastCheckpointStep: null });
const report = { backend: 'Vulkan0', description: 'llvmpipe (LLVM 15.0.6, 256 bits)', memoryBytes: 3_274_032, splits: 2, cpuOps: { GET_ROWS: 1 } };

describe('device progress on the Training page', () => {
  it('the trainer host\'s device item parses and the live view keeps the latest report of its run', () => {
    const [item] = parseProgressData({ type: 'device', runId: 'r1', device: report });
    expect(item).toEqual({ type: 'device', runId: 'r1', device: report });
    const first = applyProgress(view(), item!);
    expect(first.device).toEqual(report);
    const fallback = { ...report, splits: 16, cpuOps: { GET_ROWS: 1, CROSS_ENTROPY_LOSS_BACK: 1 } };
    expect(applyProgress(first, { type: 'device', runId: 'r1', device: fallback }).device).toEqual(fallback);
    expect(applyProgress(first, { type: 'device', runId: 'other', device: fallback }).device).toEqual(report);
  });

  it('a malformed device item is skipped, not shown', () => {
    expect(parseProgressData({ type: 'device', runId: 'r1', device: { ...report, splits: 'two' } })).toEqual([]);
  });
});

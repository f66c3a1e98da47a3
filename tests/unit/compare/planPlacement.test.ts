import { describe, expect, it } from 'vitest';
import { planPlacement, type ModelDemand } from '../../../electron/engine/compare/planPlacement.ts';

const GB = 1024 ** 3;
const demand = (modelGb: number, contextGb: number, freeGb: number, columns = 1, vram: { need?: number; free?: number | null } = {}): ModelDemand => ({
  estimate: {
    totalRamBytes: (modelGb + contextGb) * GB,
    contextRamBytes: contextGb * GB,
    totalVramBytes: (vram.need ?? 0) * GB,
    contextVramBytes: 0,
    freeRamBytes: freeGb * GB,
    freeVramBytes: vram.free === undefined ? null : vram.free === null ? null : vram.free * GB,
  },
  columns,
});

describe('placing contenders in memory', () => {
  it('loads together when the sum of the estimates fits with headroom', () => {
    const plan = planPlacement([demand(4, 0.5, 16), demand(4, 0.5, 16)], 'auto');
    expect(plan).toMatchObject({ placement: 'together', forced: false, models: 2, neededRamBytes: 9 * GB, freeRamBytes: 16 * GB });
    expect(plan.reason).toMatch(/^Together: 2 models need 9\.0 GB of RAM \(16\.0 GB free\), which fits/);
  });

  it('runs one after another when the models do not fit at once, even though each fits alone', () => {
    const plan = planPlacement([demand(7, 1, 12), demand(7, 1, 12)], 'auto');
    expect(plan.placement).toBe('sequential');
    expect(plan.reason).toMatch(/^One after another: 2 models need 16\.0 GB/);
  });

  it('counts one more context for every extra column on the same model', () => {
    const plan = planPlacement([demand(1, 2, 100, 3)], 'auto');
    expect(plan.neededRamBytes).toBe((1 + 2 + 2 * 2) * GB);
    expect(plan.reason).toMatch(/the model needs/);
  });

  it('needs the headroom: 95% of free memory is too much', () => {
    expect(planPlacement([demand(9.5, 0, 10)], 'auto').placement).toBe('sequential');
    expect(planPlacement([demand(8.5, 0, 10)], 'auto').placement).toBe('together');
  });

  it('checks VRAM too when layers go to a GPU', () => {
    expect(planPlacement([demand(1, 0, 64, 1, { need: 20, free: 24 }), demand(1, 0, 64, 1, { need: 20, free: 24 })], 'auto').placement).toBe('sequential');
    expect(planPlacement([demand(1, 0, 64, 1, { need: 5, free: 24 })], 'auto').placement).toBe('together');
  });

  it('follows an explicit request and says so', () => {
    const sequential = planPlacement([demand(1, 0, 64)], 'sequential');
    expect(sequential).toMatchObject({ placement: 'sequential', forced: true });
    const together = planPlacement([demand(40, 0, 16)], 'together');
    expect(together).toMatchObject({ placement: 'together', forced: true });
    expect(together.reason).toMatch(/loading may fail/);
  });
});

import type { GrpoProgress } from '../../../../electron/shared/contract/rl.ts';

type StepItem = Extract<GrpoProgress, { type: 'step' }>;
type SamplesItem = Extract<GrpoProgress, { type: 'samples' }>;

/** One chart row per step; pass@1 sits on the steps where the held-out set was evaluated (step 0: before training). */
export interface GrpoChartRow {
  step: number;
  reward: number | null;
  /** mean ± one standard deviation: the spread of the step's rewards */
  rewardHigh: number | null;
  rewardLow: number | null;
  kl: number | null;
  completionLength: number | null;
  passAt1: number | null;
}

export function grpoChartRows(items: readonly GrpoProgress[]): GrpoChartRow[] {
  const rows = new Map<number, GrpoChartRow>();
  const row = (step: number): GrpoChartRow => {
    let found = rows.get(step);
    if (!found) {
      found = { step, reward: null, rewardHigh: null, rewardLow: null, kl: null, completionLength: null, passAt1: null };
      rows.set(step, found);
    }
    return found;
  };
  for (const item of items) {
    if (item.type === 'step') {
      Object.assign(row(item.step), {
        reward: item.reward,
        rewardHigh: item.reward + item.rewardStd,
        rewardLow: item.reward - item.rewardStd,
        kl: item.kl,
        completionLength: item.completionLength,
      });
    } else if (item.type === 'eval') row(item.step).passAt1 = item.passAt1;
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

/** The sampled replies of each step, newest step last (a resumed run's redone steps replace the first tries). */
export function samplesByStep(items: readonly GrpoProgress[]): Map<number, SamplesItem['samples']> {
  const byStep = new Map<number, SamplesItem['samples']>();
  for (const item of items) if (item.type === 'samples') byStep.set(item.step, item.samples);
  return byStep;
}

export const lastStep = (items: readonly GrpoProgress[]): StepItem | null =>
  items.filter((item): item is StepItem => item.type === 'step').at(-1) ?? null;

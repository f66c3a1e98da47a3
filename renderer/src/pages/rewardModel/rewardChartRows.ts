import type { MarginHistogram, RewardModelProgress, RewardModelResult } from '../../../../electron/shared/contract/rewardModel.ts';

type StepItem = Extract<RewardModelProgress, { type: 'step' }>;

/** One chart row per step: the batch's metrics every step, held-out and the first probe set where they were scored. */
export interface RewardStepRow {
  step: number;
  trainAccuracy: number;
  trainMargin: number;
  heldOutAccuracy: number | null;
  heldOutMargin: number | null;
  probeAccuracy: number | null;
  probeMargin: number | null;
}

export function stepRows(items: readonly RewardModelProgress[]): RewardStepRow[] {
  return items
    .filter((item): item is StepItem => item.type === 'step')
    .map((item) => {
      const probe = item.probes?.[0] ?? null;
      return {
        step: item.step,
        trainAccuracy: item.trainAccuracy,
        trainMargin: item.trainMargin,
        heldOutAccuracy: item.heldOut?.accuracy ?? null,
        heldOutMargin: item.heldOut?.meanMargin ?? null,
        probeAccuracy: probe?.accuracy ?? null,
        probeMargin: probe?.meanMargin ?? null,
      };
    });
}

/** Accuracy before and after training per measured set (held-out first, then the probe sets): the generalisation chart. */
export function generalizationRows(result: RewardModelResult, heldOutLabel: string): { set: string; before: number; after: number; pairs: number }[] {
  const sets = [...(result.heldOut ? [{ ...result.heldOut, label: heldOutLabel }] : []), ...result.probes];
  return sets.map((set) => ({ set: set.label, before: set.before.accuracy, after: set.after.accuracy, pairs: set.after.pairs }));
}

/** Histogram bins as bar rows, labelled by their range; `wrong` marks bins left of 0 (pairs ranked the wrong way). */
export function histogramRows(histogram: MarginHistogram): { bin: string; count: number; wrong: boolean }[] {
  return histogram.counts.map((count, i) => {
    const low = histogram.edges[i]!;
    const high = histogram.edges[i + 1]!;
    return { bin: `${low.toFixed(1)}…${high.toFixed(1)}`, count, wrong: high <= 1e-9 };
  });
}

import type { TrainingMetricPoint, TrainingSample } from '../../../../electron/shared/contract/training.ts';

/** More points than pixels slow Recharts down for nothing; every k-th point is kept, and always the last. */
export function thinPoints<T>(points: readonly T[], maxPoints = 800): T[] {
  if (points.length <= maxPoints) return [...points];
  const stride = Math.ceil(points.length / maxPoints);
  const kept = points.filter((_, index) => index % stride === 0);
  const last = points.at(-1) as T;
  if (kept.at(-1) !== last) kept.push(last);
  return kept;
}

export interface LossRow {
  step: number;
  loss: number;
  /** Only on evaluated steps; the chart connects across the gaps. */
  valLoss: number | null;
}

export const lossRows = (points: readonly TrainingMetricPoint[]): LossRow[] =>
  thinKeepingEvaluated(points).map((point) => ({ step: point.step, loss: point.loss, valLoss: point.valLoss }));

export const rateRows = (points: readonly TrainingMetricPoint[]) => thinPoints(points).map((point) => ({ step: point.step, lr: point.lr }));

export const gradNormRows = (points: readonly TrainingMetricPoint[]) => thinPoints(points).map((point) => ({ step: point.step, gradNorm: point.gradNorm }));

/** DPO reward rows (TRL names); steps without DPO metrics (an SFT run) are left out. */
export function rewardRows(points: readonly TrainingMetricPoint[]) {
  return thinKeepingEvaluated(points).flatMap((point) =>
    point.dpo
      ? [
          {
            step: point.step,
            chosen: point.dpo['rewards/chosen'],
            rejected: point.dpo['rewards/rejected'],
            margins: point.dpo['rewards/margins'],
            accuracies: point.dpo['rewards/accuracies'],
            valAccuracies: point.valDpo ? point.valDpo['rewards/accuracies'] : null,
            valMargins: point.valDpo ? point.valDpo['rewards/margins'] : null,
            logpsChosen: point.dpo['logps/chosen'],
            logpsRejected: point.dpo['logps/rejected'],
          },
        ]
      : [],
  );
}

/** Thinning must not drop the sparse validation points: they are kept whatever the stride. */
function thinKeepingEvaluated(points: readonly TrainingMetricPoint[]): TrainingMetricPoint[] {
  const thinned = new Set(thinPoints(points));
  return points.filter((point) => thinned.has(point) || point.valLoss !== null || point.valDpo !== null);
}

export interface ComparedRun {
  id: string;
  name: string;
  metrics: readonly TrainingMetricPoint[];
}

/** Several runs on one step axis: one row per step, a `loss:<runId>` column per run (missing where it has no point). */
export function compareRows(runs: readonly ComparedRun[]): Record<string, number>[] {
  const byStep = new Map<number, Record<string, number>>();
  for (const run of runs) {
    for (const point of thinPoints(run.metrics)) {
      const row = byStep.get(point.step) ?? { step: point.step };
      row[`loss:${run.id}`] = point.loss;
      byStep.set(point.step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

/** Samples as a grid: one row per prompt (in first-seen order), one column per checkpoint step. */
export function sampleGrid(samples: readonly TrainingSample[]): {
  prompts: string[];
  steps: number[];
  answer(prompt: string, step: number): string | null;
  sample(prompt: string, step: number): TrainingSample | null;
} {
  const prompts: string[] = [];
  const steps = new Set<number>();
  const cells = new Map<string, TrainingSample>();
  for (const sample of samples) {
    if (!prompts.includes(sample.prompt)) prompts.push(sample.prompt);
    steps.add(sample.step);
    cells.set(`${sample.step}\u0000${sample.prompt}`, sample);
  }
  const sample = (prompt: string, step: number) => cells.get(`${step}\u0000${prompt}`) ?? null;
  return {
    prompts,
    steps: [...steps].sort((a, b) => a - b),
    answer: (prompt, step) => sample(prompt, step)?.output ?? null,
    sample,
  };
}

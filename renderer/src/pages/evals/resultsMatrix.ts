import type { EvalRun } from '../../../../electron/shared/contract/evals.ts';

export type EvalMetric = 'accuracy' | 'accNorm';

export interface MatrixCell {
  readonly run: EvalRun;
  readonly value: number;
  readonly interval: readonly [number, number];
}

export interface ResultsMatrix {
  /** Row labels (model + adapter, and the shot count when not zero), in the order first run. */
  readonly models: string[];
  readonly tasks: string[];
  /** Accuracy of guessing on each task (same order as tasks). */
  readonly chance: number[];
  /** cells[model][task]: the latest finished run of that pair, or null. */
  readonly cells: (MatrixCell | null)[][];
}

/** A run that measured something: done, or cancelled part way with the items it scored. */
const finished = (run: EvalRun): run is EvalRun & { summary: NonNullable<EvalRun['summary']> } =>
  run.summary !== null && (run.state === 'done' || run.state === 'cancelled');

/** 0-shot and 5-shot runs of one model are different rows: the shots change the score, so they must not overwrite each other. */
export const rowLabel = (run: EvalRun): string => (run.settings.shots > 0 ? `${run.label} · ${run.settings.shots}-shot` : run.label);

const metricOf = (summary: NonNullable<EvalRun['summary']>, metric: EvalMetric): { value: number; interval: readonly [number, number] } =>
  metric === 'accuracy' ? { value: summary.accuracy, interval: summary.interval } : { value: summary.accNorm, interval: summary.accNormInterval };

/** Oldest first; runs started together (same timestamp) keep the order they were listed in. */
const chronological = (runs: readonly EvalRun[]): EvalRun[] =>
  runs
    .map((run, index) => ({ run, index }))
    .sort((a, b) => a.run.createdAt.localeCompare(b.run.createdAt) || b.index - a.index)
    .map(({ run }) => run);

/** The latest finished run of each model × task, as a table. */
export function resultsMatrix(runs: readonly EvalRun[], metric: EvalMetric): ResultsMatrix {
  const models: string[] = [];
  const tasks: string[] = [];
  const chance: number[] = [];
  const latest = new Map<string, EvalRun>();
  for (const run of chronological(runs).filter(finished)) {
    const row = rowLabel(run);
    if (!models.includes(row)) models.push(row);
    if (!tasks.includes(run.taskName)) {
      tasks.push(run.taskName);
      chance.push(run.summary.chance);
    }
    latest.set(JSON.stringify([row, run.taskName]), run);
  }
  const cells = models.map((model) =>
    tasks.map((task): MatrixCell | null => {
      const run = latest.get(JSON.stringify([model, task]));
      return run?.summary ? { run, ...metricOf(run.summary, metric) } : null;
    }),
  );
  return { models, tasks, chance, cells };
}

export interface RunChartSeries {
  /** The row's key in the chart data: s0, s1 … (model labels hold dots, which Recharts reads as paths). */
  readonly key: string;
  readonly label: string;
}

export interface RunChartRow {
  /** 1, 2, …: the run's place among the task's finished runs. */
  readonly run: number;
  readonly [series: string]: number | null;
}

/**
 * How a task's score moved across runs: one row per finished run of the task, oldest first, one series per model
 * row (its value only on its own runs, so the lines connect a model's runs).
 */
export function runChartRows(runs: readonly EvalRun[], task: string, metric: EvalMetric): { rows: RunChartRow[]; series: RunChartSeries[]; chance: number | null } {
  const ofTask = chronological(runs).filter((run) => finished(run) && run.taskName === task) as (EvalRun & { summary: NonNullable<EvalRun['summary']> })[];
  const labels = [...new Set(ofTask.map(rowLabel))];
  const series = labels.map((label, index) => ({ key: `s${index}`, label }));
  const rows = ofTask.map((run, index): RunChartRow => {
    const own = `s${labels.indexOf(rowLabel(run))}`;
    return { run: index + 1, ...Object.fromEntries(series.map(({ key }) => [key, key === own ? metricOf(run.summary, metric).value : null])) };
  });
  return { rows, series, chance: ofTask.at(-1)?.summary.chance ?? null };
}

export const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** Half the width of the 95 % interval, for "62.0% ± 4.1" (the Wilson interval is not symmetric; the tooltip gives both ends). */
export const halfWidth = (interval: readonly [number, number]): string => `${(((interval[1] - interval[0]) / 2) * 100).toFixed(1)}`;

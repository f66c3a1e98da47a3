import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../../../electron/shared/contract/evals.ts';
import { halfWidth, resultsMatrix, rowLabel, runChartRows } from '../../../renderer/src/pages/evals/resultsMatrix.ts';

let counter = 0;
/** A run as evals.runs lists it; accuracy a, acc_norm n, created at minute m. */
function run(label: string, task: string, minute: number, a: number, n = a, extra: Partial<EvalRun> = {}): EvalRun {
  counter++;
  return {
    id: `run-${counter}`,
    jobId: 'job',
    label,
    model: label,
    modelPath: `/models/${label}.gguf`,
    lora: null,
    loraScale: 1,
    taskName: task,
    taskSha256: 'sha',
    frame: 'qa',
    settings: { shots: 0, seed: 1234, limit: null, maxTokens: 256, frame: null },
    state: 'done',
    itemCount: 10,
    done: 10,
    summary: { items: 10, correct: Math.round(a * 10), accuracy: a, interval: [a - 0.1, a + 0.2], accNorm: n, accNormInterval: [n - 0.05, n + 0.05], chance: task === 'traps' ? 0.5 : 0.25 },
    error: null,
    createdAt: `2026-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
    finishedAt: null,
    ...extra,
  };
}

describe('eval results matrix', () => {
  it('keeps the latest finished run of each model × task, rows and columns in the order first run', () => {
    // evals.runs lists newest first.
    const runs = [
      run('b.gguf', 'traps', 5, 0.9),
      run('a.gguf', 'general-en', 4, 0.7, 0.75),
      run('a.gguf', 'traps', 3, 0.6),
      run('a.gguf', 'general-en', 1, 0.3),
    ];
    const matrix = resultsMatrix(runs, 'accuracy');
    expect(matrix.models).toEqual(['a.gguf', 'b.gguf']);
    expect(matrix.tasks).toEqual(['general-en', 'traps']);
    expect(matrix.chance).toEqual([0.25, 0.5]);
    expect(matrix.cells.map((row) => row.map((cell) => cell?.value ?? null))).toEqual([
      [0.7, 0.6],
      [null, 0.9],
    ]);
    expect(matrix.cells[0]![0]!.interval).toEqual([0.7 - 0.1, 0.7 + 0.2]);
    const norm = resultsMatrix(runs, 'accNorm');
    expect(norm.cells[0]![0]).toMatchObject({ value: 0.75, interval: [0.7, 0.8] });
  });

  it('leaves out running and failed runs, keeps a cancelled run with what it scored, and separates few-shot rows', () => {
    const runs = [
      run('a.gguf', 'traps', 9, 0.2, 0.2, { state: 'running', summary: null }),
      run('a.gguf', 'traps', 8, 0.1, 0.1, { state: 'failed' }),
      run('a.gguf', 'traps', 7, 0.8, 0.8, { settings: { shots: 5, seed: 1, limit: null, maxTokens: 256, frame: null } }),
      run('a.gguf', 'traps', 6, 0.55, 0.55, { state: 'cancelled', done: 4 }),
    ];
    const matrix = resultsMatrix(runs, 'accuracy');
    expect(matrix.models).toEqual(['a.gguf', 'a.gguf · 5-shot']);
    expect(matrix.cells.map((row) => row[0]?.value)).toEqual([0.55, 0.8]);
    expect(rowLabel(runs[2]!)).toBe('a.gguf · 5-shot');
  });

  it('runs started together (same timestamp) count in the order the engine created them', () => {
    const first = run('a.gguf', 'traps', 1, 0.4);
    const second = run('a.gguf', 'traps', 1, 0.6);
    expect(resultsMatrix([second, first], 'accuracy').cells[0]![0]!.value).toBe(0.6);
  });

  it('is empty without finished runs', () => {
    expect(resultsMatrix([], 'accuracy')).toEqual({ models: [], tasks: [], chance: [], cells: [] });
  });

  it('half the interval width in percentage points', () => {
    expect(halfWidth([0.5, 0.7])).toBe('10.0');
  });
});

describe('eval runs chart rows', () => {
  it('one row per finished run of the task, oldest first, each model on its own key', () => {
    const runs = [
      run('b.v1.gguf', 'traps', 4, 0.9),
      run('a.gguf', 'general-en', 3, 0.1),
      run('a.gguf', 'traps', 2, 0.7, 0.65),
      run('a.gguf', 'traps', 1, 0.5),
      run('b.v1.gguf', 'traps', 0, 0.3, 0.3, { state: 'failed' }),
    ];
    const { rows, series, chance } = runChartRows(runs, 'traps', 'accuracy');
    // Keys, not labels: a label with dots would be read by Recharts as a nested path.
    expect(series).toEqual([
      { key: 's0', label: 'a.gguf' },
      { key: 's1', label: 'b.v1.gguf' },
    ]);
    expect(rows).toEqual([
      { run: 1, s0: 0.5, s1: null },
      { run: 2, s0: 0.7, s1: null },
      { run: 3, s0: null, s1: 0.9 },
    ]);
    expect(chance).toBe(0.5);
    expect(runChartRows(runs, 'traps', 'accNorm').rows[1]).toEqual({ run: 2, s0: 0.65, s1: null });
    expect(runChartRows(runs, 'nothing', 'accuracy')).toEqual({ rows: [], series: [], chance: null });
  });
});

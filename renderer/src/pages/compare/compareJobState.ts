import type { CompareCell, CompareProgressItem, CompareRunRecord, PlacementPlan } from '../../../../electron/shared/contract/compare.ts';

export type CellStatus = 'queued' | 'waiting' | 'streaming' | 'done' | 'error';

export interface LiveCell {
  readonly prompt: number;
  readonly column: number;
  readonly text: string;
  /** Tokens streamed so far. */
  readonly tokens: number;
  readonly status: CellStatus;
  /** The finished cell (timings, finish reason, rendered prompt) once it is done. */
  readonly cell: CompareCell | null;
}

export interface CompareJobState {
  readonly prompts: number;
  readonly columns: number;
  /** Column names: what the page knew at the start, the engine's own once the run is saved. */
  readonly labels: readonly string[];
  readonly promptTexts: readonly string[];
  readonly plan: PlacementPlan | null;
  readonly cells: Readonly<Record<string, LiveCell>>;
  readonly fraction: number;
  readonly finished: 'done' | 'failed' | 'cancelled' | null;
  readonly error: string | null;
  /** The saved run once the job is done (or opened from history). */
  readonly record: CompareRunRecord | null;
}

export const cellKey = (prompt: number, column: number): string => `${prompt}:${column}`;

export function initialJobState(promptTexts: readonly string[], columns: number, labels: readonly string[] = []): CompareJobState {
  return { prompts: promptTexts.length, columns, labels, promptTexts, plan: null, cells: {}, fraction: 0, finished: null, error: null, record: null };
}

/** A cell that has not started: "waiting for its turn" when columns run one after another, else queued. */
export function cellAt(state: CompareJobState, prompt: number, column: number): LiveCell {
  return (
    state.cells[cellKey(prompt, column)] ?? {
      prompt,
      column,
      text: '',
      tokens: 0,
      status: state.plan?.placement === 'sequential' && state.finished === null ? 'waiting' : 'queued',
      cell: null,
    }
  );
}

const finishedCell = (cell: CompareCell): LiveCell => ({
  prompt: cell.prompt,
  column: cell.column,
  text: cell.text,
  tokens: cell.timings?.generatedTokens ?? 0,
  status: cell.error ? 'error' : 'done',
  cell,
});

/** Folds one batch of job.progress items into the state (the engine batches them ~30 times a second). */
export function applyProgress(state: CompareJobState, items: readonly CompareProgressItem[], fraction: number | null): CompareJobState {
  const cells: Record<string, LiveCell> = { ...state.cells };
  let plan = state.plan;
  for (const item of items) {
    if (item.type === 'plan') plan = item.plan;
    else if (item.type === 'cell-start') {
      cells[cellKey(item.prompt, item.column)] = { prompt: item.prompt, column: item.column, text: '', tokens: 0, status: 'streaming', cell: null };
    } else if (item.type === 'token') {
      const key = cellKey(item.prompt, item.column);
      const current = cells[key] ?? { prompt: item.prompt, column: item.column, text: '', tokens: 0, status: 'streaming' as const, cell: null };
      cells[key] = { ...current, text: current.text + item.delta, tokens: current.tokens + (item.tokenId === null ? 0 : 1), status: 'streaming' };
    } else {
      cells[cellKey(item.cell.prompt, item.cell.column)] = finishedCell(item.cell);
    }
  }
  return { ...state, plan, cells, fraction: fraction ?? state.fraction };
}

/** The end of the job: a finished run replaces what streamed with what was saved. */
export function applyFinished(
  state: CompareJobState,
  finished: { state: 'done' | 'failed' | 'cancelled'; result?: unknown; error?: { message: string } },
): CompareJobState {
  const record = finished.state === 'done' && isRunRecord(finished.result) ? finished.result : null;
  const next = record ? showRecord(record) : state;
  return { ...next, finished: finished.state, error: finished.state === 'failed' ? (finished.error?.message ?? 'failed') : null };
}

/** A saved run shown as if it had just streamed. */
export function showRecord(record: CompareRunRecord): CompareJobState {
  const cells: Record<string, LiveCell> = {};
  for (const cell of record.cells) cells[cellKey(cell.prompt, cell.column)] = finishedCell(cell);
  return {
    prompts: record.prompts.length,
    columns: record.contenders.length,
    labels: record.contenders.map((contender) => contender.label),
    promptTexts: record.prompts,
    plan: record.plan,
    cells,
    fraction: record.state === 'done' ? 1 : record.cells.length / Math.max(1, record.prompts.length * record.contenders.length),
    finished: record.state === 'running' ? null : record.state,
    error: record.error?.message ?? null,
    record,
  };
}

function isRunRecord(value: unknown): value is CompareRunRecord {
  return typeof value === 'object' && value !== null && Array.isArray((value as { cells?: unknown }).cells) && Array.isArray((value as { prompts?: unknown }).prompts);
}

/** Answers finished so far. */
export function finishedCells(state: CompareJobState): number {
  return Object.values(state.cells).filter((cell) => cell.status === 'done' || cell.status === 'error').length;
}

import type { CanonicalRow, DatasetFileType, DatasetProblem } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { problemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { checkRow } from './checkRow.ts';
import { recordBase } from './jsonPath.ts';
import { recordReader } from './recordToRow.ts';
import type { ConvertedRecord, RecordProblem, RowPlan } from './rowConversion.ts';
import { readSourceRecords } from './sourceRecords.ts';

/** Counts tokens for a batch of rows (a model's tokenizer lives in another process, so it is asked in batches). */
export interface RowTokenCounter {
  count(rows: readonly CanonicalRow[]): Promise<number[]>;
  /** "Qwen2.5-0.5B.gguf", "cl100k_base": named in over-context messages. */
  readonly name: string;
}

export interface ContextLimit {
  readonly counter: RowTokenCounter;
  readonly contextLength: number;
}

/** One record of the file after reading and checking. */
export interface RowOutcome {
  readonly line: number | null;
  readonly index: number | null;
  /** The canonical row when it has no problems. */
  readonly row: CanonicalRow | null;
  /** The record as read, kept for rows with problems so they can be fixed. */
  readonly raw: string | null;
  readonly problems: DatasetProblem[];
}

export interface ValidationTotals {
  totalRows: number;
  validRows: number;
  counts: Record<string, number>;
  /** `{{name}}` placeholders found: rows holding each, the first such row (1-based), and whether it was filled. */
  placeholders?: Record<string, PlaceholderUse>;
}

export interface PlaceholderUse {
  rows: number;
  firstRow: number;
  filled: boolean;
}

export interface ValidateOptions {
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number) => void;
  readonly label?: string;
  readonly context?: ContextLimit;
  /** Set on every problem (files named by a dataset_info.json). */
  readonly problemFile?: string;
}

const countBatch = 128;
const maxRawChars = 1_000_000;

interface Pending {
  /** The row as the user counts it (1-based place in the file). */
  rowNumber: number;
  outcome: { line: number | null; index: number | null; row: CanonicalRow | null; raw: string | null; problems: DatasetProblem[] };
  value: unknown;
}

/**
 * Streams a file through reading, the canonical shape and the row checks, handing each record to `onRow` in file
 * order. Memory stays flat: only a batch waiting for token counts is held.
 */
export async function validateRows(
  path: string,
  fileType: DatasetFileType,
  plan: RowPlan,
  options: ValidateOptions,
  onRow: (outcome: RowOutcome) => void | Promise<void>,
): Promise<ValidationTotals> {
  const read = recordReader(plan);
  const totals: ValidationTotals = { totalRows: 0, validRows: 0, counts: {} };
  const pending: Pending[] = [];
  const problem: ProblemFactory = (row, line, index, found) =>
    options.problemFile === undefined ? { row, line, index, ...found } : { row, line, index, ...found, file: options.problemFile };

  const flush = async (): Promise<void> => {
    if (options.context) await markOverContext(pending, options.context, problem);
    for (const { outcome, value } of pending) {
      if (outcome.problems.length === 0) totals.validRows++;
      else {
        outcome.row = null;
        outcome.raw ??= rawText(value);
        for (const found of outcome.problems) totals.counts[found.code] = (totals.counts[found.code] ?? 0) + 1;
      }
      await onRow(outcome);
    }
    pending.length = 0;
  };

  for await (const record of readSourceRecords(path, fileType, { signal: options.signal, onBytes: options.onBytes, label: options.label })) {
    totals.totalRows++;
    const rowNumber = totals.totalRows;
    const base = recordBase(record.index);
    if (record.kind === 'broken') {
      const raw = record.raw.length > maxRawChars ? record.raw.slice(0, maxRawChars) : record.raw;
      pending.push({ rowNumber, outcome: { line: record.line, index: record.index, row: null, raw, problems: [problem(rowNumber, record.line, record.index, { path: base, code: record.code, message: record.message, reason: record.reason })] }, value: undefined });
    } else {
      const converted = read(record.value, base);
      if (converted.placeholders) notePlaceholders(totals, converted.placeholders, rowNumber);
      const found = [...converted.problems, ...(converted.row ? checkRow(converted.row, converted.paths) : [])];
      pending.push({
        rowNumber,
        outcome: { line: record.line, index: record.index, row: converted.row, raw: null, problems: found.map((item) => problem(rowNumber, record.line, record.index, item)) },
        value: record.value,
      });
    }
    if (pending.length >= countBatch) {
      if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled');
      await flush();
    }
  }
  await flush();
  if (totals.totalRows === 0) {
    const label = options.label ?? path;
    throw new WorkbenchError('bad_input', `${label} has no rows (${fileType === 'csv' ? 'only a header' : 'nothing but whitespace or an empty array'})`, { file: label, reason: 'empty' }, reason('dataset_has_no_rows', { file: label }));
  }
  return totals;
}

function notePlaceholders(totals: ValidationTotals, found: NonNullable<ConvertedRecord['placeholders']>, row: number): void {
  totals.placeholders ??= {};
  for (const name of found.found) {
    const use = (totals.placeholders[name] ??= { rows: 0, firstRow: row, filled: !found.unfilled.includes(name) });
    use.rows++;
  }
}

type ProblemFactory = (row: number, line: number | null, index: number | null, found: RecordProblem) => DatasetProblem;

async function markOverContext(pending: Pending[], limit: ContextLimit, problem: ProblemFactory): Promise<void> {
  const measured = pending.filter((entry) => entry.outcome.problems.length === 0 && entry.outcome.row !== null);
  if (measured.length === 0) return;
  const counts = await limit.counter.count(measured.map((entry) => entry.outcome.row as CanonicalRow));
  measured.forEach((entry, position) => {
    const tokens = counts[position] ?? 0;
    if (tokens <= limit.contextLength) return;
    const { line, index } = entry.outcome;
    entry.outcome.problems.push(
      problem(entry.rowNumber, line, index, {
        path: recordBase(index),
        code: 'over_context',
        message: `${tokens} tokens with ${limit.counter.name}: longer than the context length ${limit.contextLength}, so training would cut it`,
        reason: problemReason('over_context', { tokens, tokenizer: limit.counter.name, contextLength: limit.contextLength }),
      }),
    );
  });
}

function rawText(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value, null, 2);
  return text.length > maxRawChars ? text.slice(0, maxRawChars) : text;
}

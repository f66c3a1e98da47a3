import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EvalItem } from '../../../shared/contract/evals.ts';
import type { PlacedItem } from './rawItem.ts';
import { choiceIndex } from './answerParsing.ts';
import { taskFileError } from './taskFileError.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

interface CsvRow {
  readonly line: number;
  readonly cells: string[];
}

/** The columns an MMLU-style file has, by position. */
interface Layout {
  readonly id: number | null;
  readonly question: number;
  readonly options: number[];
  readonly answer: number;
  readonly names: string[];
}

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];

/**
 * MMLU, C-Eval and CMMLU CSV files: question, A, B, C, D, answer (a letter). MMLU's files have no header and
 * six columns (seven with an id first); C-Eval's header is `id,question,A,B,C,D,answer[,explanation]`, CMMLU's
 * `,Question,A,B,C,D,Answer` (an unnamed index column). Headers are matched by name, any case.
 */
export function parseCsvTask(text: string, file: string): PlacedItem[] {
  const rows = csvRows(text, file);
  if (rows.length === 0) throw taskFileError({ file, line: 1, field: 'question' }, 'the file has no rows', reason('task_file_no_items', { file: basename(file) }));
  const header = headerLayout(rows[0]!);
  const layout = header ?? positionalLayout(rows[0]!, file);
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw taskFileError({ file, line: rows[0]!.line, field: 'question' }, 'the file has a header but no items', reason('task_file_no_items', { file: basename(file) }));
  return body.map((row) => ({ item: rowToItem(row, layout, file), line: row.line }));
}

function csvRows(text: string, file: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : 1;
    throw taskFileError({ file, line, field: 'csv' }, `not valid CSV (${(error as Error).message})`);
  }
  return records.map(({ record, info, raw }) => {
    // info.lines is the line the record ends on; a quoted field may span lines.
    const body = raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
    const newlines = body.split('\n').length - 1;
    return { line: info.lines - newlines, cells: record };
  });
}

function headerLayout(row: CsvRow): Layout | null {
  const names = row.cells.map((cell) => cell.trim().toLowerCase());
  const question = names.indexOf('question');
  const answer = names.indexOf('answer');
  if (question === -1 || answer === -1) return null;
  const options = LETTERS.map((letter) => names.indexOf(letter.toLowerCase())).filter((index) => index !== -1);
  const id = names.indexOf('id');
  return { id: id === -1 ? null : id, question, options, answer, names: row.cells.map((cell, index) => cell.trim() || `column ${index + 1}`) };
}

function positionalLayout(row: CsvRow, file: string): Layout {
  const count = row.cells.length;
  if (count === 6) return { id: null, question: 0, options: [1, 2, 3, 4], answer: 5, names: ['question', 'A', 'B', 'C', 'D', 'answer'] };
  if (count === 7) return { id: 0, question: 1, options: [2, 3, 4, 5], answer: 6, names: ['id', 'question', 'A', 'B', 'C', 'D', 'answer'] };
  throw taskFileError(
    { file, line: row.line, field: 'columns' },
    `expected a header naming question, A, B, C, D and answer, or 6 columns (question,A,B,C,D,answer) or 7 (id first); this row has ${count}`,
    reason('task_csv_columns', { file: basename(file), line: row.line }),
  );
}

function rowToItem(row: CsvRow, layout: Layout, file: string): EvalItem {
  const spot = (column: number) => ({ file, line: row.line, field: layout.names[column] ?? `column ${column + 1}` });
  const needed = Math.max(layout.question, layout.answer, ...layout.options, layout.id ?? 0) + 1;
  if (row.cells.length < needed) {
    throw taskFileError({ file, line: row.line, field: 'columns' }, `expected ${needed} columns like the first row, this row has ${row.cells.length}`, reason('task_csv_columns', { file: basename(file), line: row.line }));
  }
  const question = row.cells[layout.question]!.trim();
  if (question === '') throw taskFileError(spot(layout.question), 'empty question');
  const choices = layout.options.map((column) => {
    const choice = row.cells[column]!.trim();
    if (choice === '') throw taskFileError(spot(column), 'empty choice');
    return choice;
  });
  const answer = choiceIndex(row.cells[layout.answer]!.trim(), choices.length);
  if ('problem' in answer) throw taskFileError(spot(layout.answer), answer.problem);
  const id = layout.id === null ? '' : row.cells[layout.id]!.trim();
  return { id: id === '' ? `line-${row.line}` : id, kind: 'choice', question, choices, answer: answer.index };
}

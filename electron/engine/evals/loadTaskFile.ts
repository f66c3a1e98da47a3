import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EvalItem, EvalTask } from '../../shared/contract/evals.ts';
import { parseCsvTask } from './formats/parseCsvTask.ts';
import { parseJsonlTask } from './formats/parseJsonlTask.ts';
import { parseJsonTask } from './formats/parseJsonTask.ts';
import type { PlacedItem } from './formats/rawItem.ts';
import { taskFileError } from './formats/taskFileError.ts';

export interface LoadedTask {
  readonly task: EvalTask;
  /** Of the file's bytes, so a run records exactly what it measured. */
  readonly sha256: string;
}

const MAX_BYTES = 64 * 1024 * 1024;

/** A task file by its extension: .csv (MMLU / C-Eval / CMMLU), .jsonl, .json (the workbench's own format). */
export function loadTaskFile(path: string): LoadedTask {
  if (!existsSync(path)) throw new WorkbenchError('not_found', `No task file at ${path}`, { file: path, field: 'task' }, reason('task_file_not_found', { file: path }));
  if (statSync(path).size > MAX_BYTES) throw new WorkbenchError('bad_input', `${path} is larger than 64 MB`, { file: path, field: 'task' }, reason('file_too_large', { file: path, limitMegabytes: 64 }));
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const extension = extname(path).toLowerCase();
  const name = basename(path, extension);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (extension === '.csv') return { task: { name, description: '', frame: 'qa', items: checkIds(parseCsvTask(text, path), path) }, sha256 };
  if (extension === '.jsonl') return { task: { name, description: '', frame: 'qa', items: checkIds(parseJsonlTask(text, path), path) }, sha256 };
  if (extension === '.json') {
    const parsed = parseJsonTask(text, path);
    return { task: { name: parsed.name ?? name, description: parsed.description, frame: parsed.frame ?? 'qa', items: checkIds(parsed.items, path) }, sha256 };
  }
  throw new WorkbenchError('bad_input', `${basename(path)}: a task file is .csv (question,A,B,C,D,answer), .jsonl or .json, not "${extension || 'no extension'}"`, {
    file: path,
    field: 'task',
  }, reason('task_file_type', { file: basename(path), extension: extension || '—' }));
}

/** Item ids name the per-item results, so two items may not share one. */
function checkIds(placed: readonly PlacedItem[], file: string): EvalItem[] {
  const seen = new Map<string, number>();
  for (const { item, line } of placed) {
    const first = seen.get(item.id);
    if (first !== undefined) throw taskFileError({ file, line, field: 'id' }, `the id "${item.id}" is already used by the item on line ${first}`, reason('task_duplicate_id', { file: basename(file), line, id: String(item.id), firstLine: first }));
    seen.set(item.id, line);
  }
  return placed.map(({ item }) => item);
}

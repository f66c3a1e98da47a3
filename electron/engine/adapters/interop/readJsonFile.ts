import { readFileSync } from 'node:fs';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/** A JSON file parsed, or an error naming the file (and the line, when JSON.parse gives a position). */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbenchError(code === 'ENOENT' ? 'not_found' : 'bad_input', `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`, { file: path }, reason(code === 'ENOENT' ? 'file_not_found' : 'file_unreadable', { file: path }));
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new WorkbenchError('bad_input', `${path}${line ? `:${line}` : ''}: not valid JSON (${(error as Error).message})`, { file: path, ...(line ? { line } : {}) }, line ? reason('line_not_json', { file: path, line }) : reason('file_not_json', { file: path }));
  }
}

/** Row-major [rows, columns] → [columns, rows]. */
export function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) out[column * rows + row] = values[row * columns + column]!;
  return out;
}

import { basename } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';

/** Where in a task file something is wrong; `line` is 1-based, `field` the column or key. */
export interface TaskFileSpot {
  readonly file: string;
  readonly line: number;
  readonly field: string;
}

/** A malformed task file: the message reads `file:line: field: what is wrong`, and details carry the same. */
export function taskFileError(spot: TaskFileSpot, message: string): WorkbenchError {
  return new WorkbenchError('bad_input', `${basename(spot.file)}:${spot.line}: ${spot.field}: ${message}`, {
    file: spot.file,
    line: spot.line,
    field: spot.field,
  });
}

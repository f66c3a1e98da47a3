import { basename } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason, type ErrorReason } from '../../../shared/contract/errorReasons.ts';

/** Where in a task file something is wrong; `line` is 1-based, `field` the column or key. */
export interface TaskFileSpot {
  readonly file: string;
  readonly line: number;
  readonly field: string;
}

/**
 * A malformed task file: the message reads `file:line: field: what is wrong`, and details carry the same. The UI's
 * sentence names the file, line and field, or says the given reason.
 */
export function taskFileError(spot: TaskFileSpot, message: string, why?: ErrorReason): WorkbenchError {
  return new WorkbenchError('bad_input', `${basename(spot.file)}:${spot.line}: ${spot.field}: ${message}`, {
    file: spot.file,
    line: spot.line,
    field: spot.field,
  }, why ?? reason('line_field_invalid', { file: basename(spot.file), line: spot.line, field: spot.field }));
}

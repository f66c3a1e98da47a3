import type { DatasetKind, DatasetProblem, RowEdit } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { canonicalPaths, checkRow } from './checkRow.ts';
import { recordReader } from './recordToRow.ts';
import { rowKindOf, type RecordProblem, type RowPlan } from './rowConversion.ts';
import { parseJsonText } from './sourceRecords.ts';
import type { RowOutcome } from './validateRows.ts';

/** Checks an edited row the way an imported one is checked: canonical JSON, or a record in the dataset's own format. */
export function checkEdit(edit: RowEdit, plan: RowPlan, kind: DatasetKind): RowOutcome {
  const problem = (found: RecordProblem): DatasetProblem => ({ row: null, line: null, index: null, ...found });
  if (edit.kind === 'canonical') {
    if (edit.row.kind !== rowKindOf(kind)) {
      throw new WorkbenchError('bad_input', `This dataset holds ${rowKindOf(kind)} rows, not ${edit.row.kind} rows`, { field: 'edit.row.kind' }, reason('dataset_row_kind_mismatch', { kind: rowKindOf(kind), given: edit.row.kind }));
    }
    const problems = checkRow(edit.row, canonicalPaths(edit.row)).map(problem);
    return { line: null, index: null, row: problems.length === 0 ? edit.row : null, raw: JSON.stringify(edit.row, null, 2), problems };
  }
  const parsed = parseJsonText(edit.text, 1);
  if (!parsed.ok) return { line: null, index: null, row: null, raw: edit.text, problems: [problem({ path: '$', code: 'bad_json', message: `${parsed.message} (line ${parsed.line})`, reason: parsed.reason })] };
  const converted = recordReader(plan)(parsed.value, '$');
  const problems = [...converted.problems, ...(converted.row ? checkRow(converted.row, converted.paths) : [])].map(problem);
  return { line: null, index: null, row: problems.length === 0 ? converted.row : null, raw: edit.text, problems };
}

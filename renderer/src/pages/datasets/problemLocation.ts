import type { TFunction } from 'i18next';
import type { DatasetProblem } from '../../../../electron/shared/contract/datasets.ts';

/**
 * Where a row is, the same way on every tab: "row 2 · line 5" (the row as the user counts it, 1-based, and its file
 * line), "row 2" without a line, "added or edited" for a row not saved yet.
 */
export function rowLocation(t: TFunction<'datasets'>, where: { readonly row: number | null; readonly line: number | null }): string {
  if (where.row === null) return where.line === null ? t('problems.noLine') : t('problems.line', { line: where.line });
  return where.line === null ? t('problems.row', { row: where.row }) : t('problems.rowLine', { row: where.row, line: where.line });
}

export const problemLocation = (t: TFunction<'datasets'>, problem: Pick<DatasetProblem, 'row' | 'line'>): string => rowLocation(t, problem);

import type { TFunction } from 'i18next';
import type { DatasetProblem } from '../../../../electron/shared/contract/datasets.ts';

/** "line 12", "line 3, item 2", or "added or edited" for rows that never had a line. */
export function problemLocation(t: TFunction<'datasets'>, problem: Pick<DatasetProblem, 'line' | 'index'>): string {
  if (problem.line === null) return t('problems.noLine');
  return problem.index === null ? t('problems.line', { line: problem.line }) : t('problems.lineIndex', { line: problem.line, index: problem.index });
}

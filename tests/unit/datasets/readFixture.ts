import { fileURLToPath } from 'node:url';
import type { CanonicalRow, ReadOptions } from '../../../electron/shared/contract/datasets.ts';
import { planSource } from '../../../electron/engine/datasets/planSource.ts';
import { validateRows, type RowOutcome, type ValidateOptions, type ValidationTotals } from '../../../electron/engine/datasets/validateRows.ts';

export const fixturePath = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));

export interface ReadResult {
  readonly format: string;
  readonly kind: string;
  readonly outcomes: RowOutcome[];
  readonly rows: CanonicalRow[];
  readonly totals: ValidationTotals;
}

/** Every record of a file, as validation hands them out (the path of an ordinary, single-format file). */
export async function readAll(path: string, options: ReadOptions = {}, validate: ValidateOptions = {}): Promise<ReadResult> {
  const plan = await planSource(path, path, options);
  if (plan.kind !== 'rows') throw new Error(`${path} is a dataset_info.json`);
  const outcomes: RowOutcome[] = [];
  const totals = await validateRows(path, plan.fileType, plan.plan, validate, (outcome) => {
    outcomes.push(outcome);
  });
  return {
    format: plan.plan.format,
    kind: plan.plan.kind,
    outcomes,
    rows: outcomes.flatMap((outcome) => (outcome.row ? [outcome.row] : [])),
    totals,
  };
}

import type { ReadOptions, ValidationReport } from '../../shared/contract/datasets.ts';
import { hashFile } from './hashFile.ts';
import { planSource } from './planSource.ts';
import { ReportBuilder } from './reportBuilder.ts';
import { sourceEntries } from './sourceEntries.ts';
import { validateRows, type ContextLimit } from './validateRows.ts';

export interface ValidateSourceOptions {
  readonly context?: ContextLimit;
  /** Problems listed in the report; `counts` always covers all of them. */
  readonly maxErrors: number;
  readonly signal?: AbortSignal;
}

/**
 * Validates a file without storing anything: the report the CLI prints. A dataset_info.json is validated through
 * the files it names.
 */
export async function validateSource(path: string, label: string, options: ReadOptions, settings: ValidateSourceOptions): Promise<ValidationReport> {
  const plan = await planSource(path, label, options);
  const sha256 = await hashFile(path, settings.signal);
  const { entries, failures } = sourceEntries(plan, path, label, undefined, options);
  const report = new ReportBuilder(settings.maxErrors);
  for (const failure of failures) report.addFailure(failure, label);
  for (const entry of entries) {
    const totals = await validateRows(
      entry.path,
      entry.fileType,
      entry.plan,
      { signal: settings.signal, label: entry.label, context: settings.context, problemFile: entry.problemFile },
      (outcome) => report.collect(outcome.problems),
    );
    report.addEntry(entry, totals);
  }
  return report.build({ datasetInfo: plan.kind === 'datasetInfo', entries, sha256 });
}

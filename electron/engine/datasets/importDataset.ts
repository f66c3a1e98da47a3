import { createHash, randomUUID } from 'node:crypto';
import type { ImportProgress, ImportResult, ReadOptions } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { DatasetStore, NewDataset } from './datasetStore.ts';
import { hashFile } from './hashFile.ts';
import { ImportStaging } from './importStaging.ts';
import { withoutDefaults } from './planDefaults.ts';
import { planSource } from './planSource.ts';
import { refuseUnreadableFile } from './refuseUnreadableFile.ts';
import { ReportBuilder } from './reportBuilder.ts';
import { sourceEntries } from './sourceEntries.ts';
import { validateRows, type ContextLimit } from './validateRows.ts';

export interface ImportRequest {
  readonly path: string;
  /** What to call the file in messages (the name the user chose for an upload). */
  readonly label: string;
  /** Shown as the dataset's source; null for text sent from the page. */
  readonly sourcePath: string | null;
  readonly options: ReadOptions;
  readonly name?: string;
  readonly context?: ContextLimit;
  /** Identifies the context check in the import key ("model:/m.gguf:4096"). */
  readonly contextKey?: string;
}

export interface ImportEnvironment {
  readonly store: DatasetStore;
  readonly tmpDir: string;
  readonly signal?: AbortSignal;
  readonly progress?: (update: ImportProgress) => void;
  /** Problems listed in the result (the rest are in the database, see datasets.problems). */
  readonly maxErrors?: number;
}

/**
 * Reads, checks and stores a file (or every file of a dataset_info.json) as datasets. Rows stream into a staging
 * file; one transaction then makes every new dataset appear at once. A file already imported the same way is not
 * imported again: its stored dataset is returned.
 */
export async function importDataset(request: ImportRequest, environment: ImportEnvironment): Promise<ImportResult> {
  const { store, signal } = environment;
  const { size } = refuseUnreadableFile(request.path, request.label);
  let rows = 0;
  let problems = 0;
  const progress = (phase: ImportProgress['phase'], bytesRead: number, totalBytes = size): void =>
    environment.progress?.({ phase, bytesRead, totalBytes, rows, problems });

  const plan = await planSource(request.path, request.label, request.options);
  const sha256 = await hashFile(request.path, signal, (bytes) => progress('hashing', bytes));
  const { entries, failures } = sourceEntries(plan, request.path, request.label, request.name, request.options);
  const report = new ReportBuilder(environment.maxErrors ?? 200);
  for (const failure of failures) report.addFailure(failure, request.label);
  if (entries.length === 0) {
    throw new WorkbenchError('bad_input', `${request.label}: none of the datasets it names can be read`, { file: request.label, problems: failures }, reason('dataset_sources_unreadable', { file: request.label }));
  }

  const staging = new ImportStaging(environment.tmpDir);
  const results: ImportResult['datasets'] = [];
  const fresh: NewDataset[] = [];
  try {
    for (const [entryIndex, entry] of entries.entries()) {
      const entrySha = entry.path === request.path ? sha256 : await hashFile(entry.path, signal);
      const importKey = importKeyOf(entrySha, entry.fileType, withoutDefaults(entry.plan), request.contextKey);
      const existing = store.findByImportKey(importKey);
      if (existing) {
        results.push({ dataset: existing, alreadyImported: true });
        report.collect(store.problems(existing.id, { offset: 0, limit: environment.maxErrors ?? 200 }).problems.map(({ rowId: _rowId, ...problem }) => problem));
        report.addEntry(entry, { totalRows: existing.rows + existing.rejectedRows, validRows: existing.rows, counts: existing.counts });
        continue;
      }
      const entrySize = entry.path === request.path ? size : refuseUnreadableFile(entry.path, entry.label).size;
      const totals = await validateRows(
        entry.path,
        entry.fileType,
        entry.plan,
        { signal, label: entry.label, context: request.context, problemFile: entry.problemFile, onBytes: (bytes) => progress('validating', bytes, entrySize) },
        (outcome) => {
          rows++;
          problems += outcome.problems.length;
          report.collect(outcome.problems);
          staging.add(entryIndex, outcome);
        },
      );
      report.addEntry(entry, totals);
      fresh.push({
        entry: entryIndex,
        id: randomUUID(),
        name: entry.name,
        kind: entry.plan.kind,
        format: entry.plan.format,
        fileType: entry.fileType,
        plan: entry.plan,
        sourcePath: entry.path === request.path ? request.sourcePath : entry.path,
        sha256: entrySha,
        importKey,
      });
    }
    staging.flush();
    staging.close();
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled');
    refuseUnfilledPlaceholders(report, request);
    progress('saving', size);
    results.push(...store.commitImport(staging.path, fresh));
  } finally {
    staging.dispose();
  }
  return { datasets: results, report: report.build({ datasetInfo: plan.kind === 'datasetInfo', entries, sha256 }) };
}

/**
 * `{{name}}` left in the text would be trained as written: the import stops and names them until the user gives
 * their values or chooses to keep them literally.
 */
function refuseUnfilledPlaceholders(report: ReportBuilder, request: ImportRequest): void {
  const unfilled = report.unfilledPlaceholders();
  if (unfilled.length === 0 || request.options.keepPlaceholders === true) return;
  const listed = unfilled.map((use) => `{{${use.name}}} (${use.rows} row${use.rows === 1 ? '' : 's'}, first row ${use.firstRow}${use.file && use.file !== request.path ? ` of ${use.file}` : ''})`);
  throw new WorkbenchError(
    'bad_input',
    `${request.label} has placeholders without values: ${listed.join(', ')}. Give their values (name=value), or import them literally (keep placeholders)`,
    { file: request.label, field: 'options.placeholders', reason: 'unfilled_placeholders', placeholders: unfilled.map((use) => use.name) },
    reason('dataset_placeholders_unfilled', { file: request.label, placeholders: unfilled.map((use) => `{{${use.name}}}`).join(', ') }),
  );
}

/** The same bytes read the same way (format, columns, roles, context check) are the same dataset. */
function importKeyOf(sha256: string, fileType: string, plan: object, contextKey: string | undefined): string {
  const how = createHash('sha256')
    .update(JSON.stringify({ fileType, plan: sortedKeys(plan), context: contextKey ?? null }))
    .digest('hex')
    .slice(0, 16);
  return `${sha256}:${how}`;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sortedKeys(item)]));
  }
  return value;
}

import { basename } from 'node:path';
import type { DatasetFileType, DatasetFormat, DatasetKind, ProblemCode, ReadOptions } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { withReadOptions, type SourcePlan } from './planSource.ts';
import { refuseUnreadableFile } from './refuseUnreadableFile.ts';
import { resolveFileType } from './resolveFileType.ts';
import type { RowPlan } from './rowConversion.ts';

/** One file to read as one dataset: the file itself, or one entry of a dataset_info.json. */
export interface SourceEntry {
  readonly name: string;
  readonly path: string;
  readonly label: string;
  readonly fileType: DatasetFileType;
  readonly plan: RowPlan;
  /** Set for entries of a dataset_info.json, so their problems name the file. */
  readonly problemFile?: string;
}

/** An entry of a dataset_info.json that cannot be read (missing file, hub address, unsupported formatting). */
export interface EntryFailure {
  readonly name: string;
  readonly file: string | null;
  readonly format: DatasetFormat | null;
  readonly kind: DatasetKind | null;
  readonly code: ProblemCode;
  readonly message: string;
  readonly reason: ProblemReason;
}

export function sourceEntries(
  plan: SourcePlan,
  path: string,
  label: string,
  name: string | undefined,
  options: ReadOptions,
): { entries: SourceEntry[]; failures: EntryFailure[] } {
  if (plan.kind === 'rows') {
    return { entries: [{ name: name ?? datasetNameFrom(label), path, label, fileType: plan.fileType, plan: plan.plan }], failures: [] };
  }
  const entries: SourceEntry[] = [];
  const failures: EntryFailure[] = [];
  for (const entry of plan.entries) {
    const fail = (code: ProblemCode, message: string, reason: ProblemReason): void => {
      failures.push({ name: entry.name, file: entry.file, format: entry.format, kind: entry.kind, code, message, reason });
    };
    if (entry.problem) {
      fail(entry.problem.code, entry.problem.message, entry.problem.reason);
      continue;
    }
    if (!entry.file || !entry.format || !entry.kind) {
      fail('unsupported_entry', `"${entry.name}" cannot be read`, problemReason('info_no_file_name', { name: entry.name }));
      continue;
    }
    try {
      refuseUnreadableFile(entry.file, entry.file);
    } catch (error) {
      const failure = WorkbenchError.from(error);
      const missing = failure.code === 'not_found';
      fail(missing ? 'missing_file' : 'unsupported_entry', `"${entry.name}": ${failure.message}`, problemReason(missing ? 'info_file_missing' : 'info_file_unreadable', { name: entry.name, file: entry.file }));
      continue;
    }
    entries.push({
      name: entry.name,
      path: entry.file,
      label: entry.file,
      fileType: resolveFileType(entry.file),
      plan: withReadOptions(entry.kind, options, { format: entry.format, kind: entry.kind, columns: entry.columns, tags: entry.tags, roles: options.roles ?? {} }),
      problemFile: entry.file,
    });
  }
  return { entries, failures };
}

/** "alpaca_zh_demo.json" → "alpaca_zh_demo"; uploads carry a uuid prefix that users never chose. */
export function datasetNameFrom(label: string): string {
  const file = basename(label).replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/, '');
  return file.replace(/\.(jsonl|ndjson|json|csv|txt|text|md)$/i, '') || file;
}

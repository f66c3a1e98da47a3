import type { DatasetFileType, DatasetKind, DatasetProblem, ValidationReport } from '../../shared/contract/datasets.ts';
import type { EntryFailure, SourceEntry } from './sourceEntries.ts';
import type { ValidationTotals } from './validateRows.ts';

type ReportEntry = NonNullable<ValidationReport['entries']>[number];

/** Adds up the problems of one or more files into the report users read (problems listed up to a cap). */
export class ReportBuilder {
  private readonly errors: DatasetProblem[] = [];
  private truncated = false;
  private readonly counts: Record<string, number> = {};
  private readonly entries: ReportEntry[] = [];
  private totalRows = 0;
  private validRows = 0;
  private readonly placeholders: ValidationReport['placeholders'] = [];

  constructor(private readonly maxErrors: number) {}

  collect(problems: readonly DatasetProblem[]): void {
    for (const problem of problems) {
      if (this.errors.length < this.maxErrors) this.errors.push(problem);
      else this.truncated = true;
    }
  }

  addFailure(failure: EntryFailure, infoLabel: string): void {
    this.collect([{ row: null, line: null, index: null, path: `$.${failure.name}.file_name`, code: failure.code, message: failure.message, reason: failure.reason, file: infoLabel }]);
    this.counts[failure.code] = (this.counts[failure.code] ?? 0) + 1;
    this.entries.push({ name: failure.name, file: failure.file, format: failure.format, kind: failure.kind, totalRows: 0, validRows: 0, counts: { [failure.code]: 1 } });
  }

  addEntry(entry: SourceEntry, totals: ValidationTotals): void {
    this.totalRows += totals.totalRows;
    this.validRows += totals.validRows;
    for (const [code, count] of Object.entries(totals.counts)) this.counts[code] = (this.counts[code] ?? 0) + count;
    const { totalRows, validRows, counts } = totals;
    this.entries.push({ name: entry.name, file: entry.path, format: entry.plan.format, kind: entry.plan.kind, totalRows, validRows, counts: { ...counts } });
    for (const [name, use] of Object.entries(totals.placeholders ?? {})) {
      this.placeholders.push({ name, rows: use.rows, firstRow: use.firstRow, file: entry.problemFile ?? null, value: use.filled ? (entry.plan.placeholders?.[name] ?? null) : null });
    }
  }

  /** Placeholders found without a value. */
  unfilledPlaceholders(): ValidationReport['placeholders'] {
    return this.placeholders.filter((use) => use.value === null);
  }

  build(source: { datasetInfo: boolean; entries: readonly SourceEntry[]; sha256: string }): ValidationReport {
    const first = source.entries[0];
    const kind: DatasetKind = first?.plan.kind ?? 'sft';
    const fileType: DatasetFileType = source.datasetInfo ? 'json' : (first?.fileType ?? 'json');
    const report: ValidationReport = {
      format: source.datasetInfo ? 'llamafactory' : (first?.plan.format ?? 'openai'),
      kind,
      fileType,
      sha256: source.sha256,
      totalRows: this.totalRows,
      validRows: this.validRows,
      errors: this.errors,
      errorsTruncated: this.truncated,
      counts: this.counts,
      placeholders: this.placeholders,
    };
    return source.datasetInfo ? { ...report, entries: this.entries } : report;
  }
}

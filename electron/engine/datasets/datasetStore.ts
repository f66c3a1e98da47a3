import type { Database } from 'better-sqlite3';
import type {
  CanonicalRow,
  DatasetFileType,
  DatasetFormat,
  DatasetKind,
  DatasetProblem,
  DatasetRowView,
  DatasetSplit,
  DatasetSummary,
  ProblemCode,
  RowRef,
} from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { problemReasonSchema, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { canonicalJson, contentHash } from './canonicalJson.ts';
import type { RowPlan } from './rowConversion.ts';
import type { RowOutcome } from './validateRows.ts';

interface DatasetRecord {
  id: string;
  name: string;
  kind: DatasetKind;
  format: DatasetFormat;
  file_type: DatasetFileType;
  read_plan_json: string;
  source_path: string | null;
  source_sha256: string;
  split_json: string | null;
  created_at: string;
  updated_at: string;
  ok_rows: number;
  rejected_rows: number;
  validation_rows: number;
}

interface RowRecord {
  id: number;
  position: number;
  split: DatasetSplit;
  status: 'ok' | 'rejected';
  source_line: number | null;
  source_index: number | null;
  row_json: string | null;
  raw_text: string | null;
}

interface ProblemRecord {
  row_id: number;
  /** The row's place in its dataset (joined from dataset_rows): the row number users see. */
  position: number;
  line: number | null;
  item_index: number | null;
  path: string;
  code: ProblemCode;
  message: string;
  file: string | null;
  reason_json: string | null;
}

/** A dataset about to be copied in from the staging file. */
export interface NewDataset {
  readonly entry: number;
  readonly id: string;
  readonly name: string;
  readonly kind: DatasetKind;
  readonly format: DatasetFormat;
  readonly fileType: DatasetFileType;
  readonly plan: RowPlan;
  readonly sourcePath: string | null;
  readonly sha256: string;
  readonly importKey: string;
}

const summaryColumns = `d.*,
  (SELECT COUNT(*) FROM dataset_rows r WHERE r.dataset_id = d.id AND r.status = 'ok') AS ok_rows,
  (SELECT COUNT(*) FROM dataset_rows r WHERE r.dataset_id = d.id AND r.status = 'rejected') AS rejected_rows,
  (SELECT COUNT(*) FROM dataset_rows r WHERE r.dataset_id = d.id AND r.status = 'ok' AND r.split = 'validation') AS validation_rows`;

const problemOf = (record: ProblemRecord): DatasetProblem => {
  const stored = storedReason(record.reason_json);
  return {
    row: record.position,
    line: record.line,
    index: record.item_index,
    path: record.path,
    code: record.code,
    message: record.message,
    ...(stored === undefined ? {} : { reason: stored }),
    ...(record.file === null ? {} : { file: record.file }),
  };
};

/** A stored reason, or none when there is none or it is not one this version knows. */
function storedReason(json: string | null): ProblemReason | undefined {
  if (json === null) return undefined;
  const parsed = problemReasonSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : undefined;
}

/** Every query on the datasets tables. The only writer of them. */
export class DatasetStore {
  constructor(private readonly db: Database) {}

  findByImportKey(importKey: string): DatasetSummary | null {
    const record = this.db.prepare(`SELECT ${summaryColumns} FROM datasets d WHERE d.import_key = ?`).get(importKey) as DatasetRecord | undefined;
    return record ? this.summaryOf(record) : null;
  }

  /**
   * Copies staged rows into the main database: all datasets of one import in one transaction. A dataset that
   * another import of the same file stored meanwhile is not stored twice: the stored one is returned.
   */
  commitImport(stagingPath: string, datasets: readonly NewDataset[]): { dataset: DatasetSummary; alreadyImported: boolean }[] {
    if (datasets.length === 0) return [];
    const outcome: { id: string; alreadyImported: boolean }[] = [];
    this.db.prepare('ATTACH DATABASE ? AS staging').run(stagingPath);
    try {
      this.db.transaction(() => {
        const existing = this.db.prepare('SELECT id FROM datasets WHERE import_key = ?').pluck();
        const insertDataset = this.db.prepare(
          `INSERT INTO datasets (id, name, kind, format, file_type, read_plan_json, source_path, source_sha256, import_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const copyRows = this.db.prepare(
          `INSERT INTO dataset_rows (dataset_id, position, status, source_line, source_index, row_json, raw_text, content_hash)
           SELECT ?, position, status, line, item_index, row_json, raw_text, content_hash FROM staging.rows WHERE entry = ? ORDER BY position`,
        );
        const copyProblems = this.db.prepare(
          `INSERT INTO dataset_problems (dataset_id, row_id, line, item_index, path, code, message, file, reason_json)
           SELECT ?, r.id, p.line, p.item_index, p.path, p.code, p.message, p.file, p.reason_json
           FROM staging.problems p JOIN dataset_rows r ON r.dataset_id = ? AND r.position = p.position WHERE p.entry = ?`,
        );
        for (const dataset of datasets) {
          const stored = existing.get(dataset.importKey) as string | undefined;
          if (stored) {
            outcome.push({ id: stored, alreadyImported: true });
            continue;
          }
          insertDataset.run(dataset.id, dataset.name, dataset.kind, dataset.format, dataset.fileType, JSON.stringify(dataset.plan), dataset.sourcePath, dataset.sha256, dataset.importKey);
          copyRows.run(dataset.id, dataset.entry);
          copyProblems.run(dataset.id, dataset.id, dataset.entry);
          outcome.push({ id: dataset.id, alreadyImported: false });
        }
      })();
    } finally {
      this.db.exec('DETACH DATABASE staging');
    }
    return outcome.map(({ id, alreadyImported }) => ({ dataset: this.get(id), alreadyImported }));
  }

  list(): DatasetSummary[] {
    const records = this.db.prepare(`SELECT ${summaryColumns} FROM datasets d ORDER BY d.created_at DESC, d.name`).all() as DatasetRecord[];
    return records.map((record) => this.summaryOf(record));
  }

  get(id: string): DatasetSummary {
    return this.summaryOf(this.record(id));
  }

  plan(id: string): { plan: RowPlan; kind: DatasetKind; name: string } {
    const record = this.record(id);
    return { plan: JSON.parse(record.read_plan_json) as RowPlan, kind: record.kind, name: record.name };
  }

  rename(id: string, name: string): DatasetSummary {
    this.record(id);
    this.db.prepare(`UPDATE datasets SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`).run(name, id);
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  rows(id: string, query: { offset: number; limit: number; status: 'ok' | 'rejected' | 'all'; split?: DatasetSplit | undefined }): { total: number; rows: DatasetRowView[] } {
    this.record(id);
    const where = ['dataset_id = ?'];
    const params: unknown[] = [id];
    if (query.status !== 'all') {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.split) {
      where.push('split = ?');
      params.push(query.split);
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM dataset_rows WHERE ${clause}`).get(...params) as { n: number }).n;
    const records = this.db
      .prepare(`SELECT id, position, split, status, source_line, source_index, row_json, raw_text FROM dataset_rows WHERE ${clause} ORDER BY position LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset) as RowRecord[];
    return { total, rows: this.withProblems(records) };
  }

  row(id: string, rowId: number): DatasetRowView {
    const record = this.db
      .prepare('SELECT id, position, split, status, source_line, source_index, row_json, raw_text FROM dataset_rows WHERE dataset_id = ? AND id = ?')
      .get(id, rowId) as RowRecord | undefined;
    if (!record) throw new WorkbenchError('not_found', `Dataset ${id} has no row with id ${rowId}`, { field: 'rowId', rowId }, reason('dataset_row_not_found', { dataset: String(id), row: rowId }));
    return this.withProblems([record])[0] as DatasetRowView;
  }

  problems(id: string, query: { offset: number; limit: number; code?: ProblemCode | undefined }): { total: number; problems: (DatasetProblem & { rowId: number })[] } {
    this.record(id);
    const clause = query.code ? 'dataset_id = ? AND code = ?' : 'dataset_id = ?';
    const params: unknown[] = query.code ? [id, query.code] : [id];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM dataset_problems WHERE ${clause}`).get(...params) as { n: number }).n;
    const records = this.db
      .prepare(
        `SELECT p.row_id, r.position, p.line, p.item_index, p.path, p.code, p.message, p.file, p.reason_json FROM dataset_problems p JOIN dataset_rows r ON r.id = p.row_id
         WHERE p.dataset_id = ?${query.code ? ' AND p.code = ?' : ''} ORDER BY p.id LIMIT ? OFFSET ?`,
      )
      .all(...params, query.limit, query.offset) as ProblemRecord[];
    return { total, problems: records.map((record) => ({ ...problemOf(record), rowId: record.row_id })) };
  }

  /** Replaces a row's content with a checked edit (valid or not), keeping its place and split. */
  replaceRow(id: string, rowId: number, outcome: RowOutcome): DatasetRowView {
    const existing = this.row(id, rowId);
    this.db.transaction(() => {
      const json = outcome.row ? canonicalJson(outcome.row) : null;
      this.db
        .prepare('UPDATE dataset_rows SET status = ?, row_json = ?, raw_text = ?, content_hash = ? WHERE id = ?')
        .run(json ? 'ok' : 'rejected', json, json ? null : outcome.raw, json ? contentHash(json) : null, rowId);
      this.db.prepare('DELETE FROM dataset_problems WHERE row_id = ?').run(rowId);
      this.insertProblems(id, rowId, outcome.problems.map((problem) => ({ ...problem, line: existing.line, index: existing.index })));
      this.touch(id);
    })();
    return this.row(id, rowId);
  }

  addRow(id: string, row: CanonicalRow): DatasetRowView {
    this.record(id);
    const json = canonicalJson(row);
    const rowId = this.db.transaction(() => {
      const next = (this.db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS next FROM dataset_rows WHERE dataset_id = ?').get(id) as { next: number }).next;
      const inserted = this.db
        .prepare(`INSERT INTO dataset_rows (dataset_id, position, status, row_json, content_hash) VALUES (?, ?, 'ok', ?, ?)`)
        .run(id, next, json, contentHash(json));
      this.touch(id);
      return Number(inserted.lastInsertRowid);
    })();
    return this.row(id, rowId);
  }

  deleteRow(id: string, rowId: number): boolean {
    this.record(id);
    const deleted = this.db.prepare('DELETE FROM dataset_rows WHERE dataset_id = ? AND id = ?').run(id, rowId).changes > 0;
    if (deleted) this.touch(id);
    return deleted;
  }

  /** Ids of the valid rows in file order (what a split shuffles). */
  okRowIds(id: string): number[] {
    this.record(id);
    return (this.db.prepare(`SELECT id FROM dataset_rows WHERE dataset_id = ? AND status = 'ok' ORDER BY position`).pluck().all(id) as number[]);
  }

  setSplit(id: string, validationIds: readonly number[], split: { validationFraction: number; seed: number }): DatasetSummary {
    this.db.transaction(() => {
      this.db.prepare(`UPDATE dataset_rows SET split = 'train' WHERE dataset_id = ?`).run(id);
      const mark = this.db.prepare(`UPDATE dataset_rows SET split = 'validation' WHERE id = ?`);
      for (const rowId of validationIds) mark.run(rowId);
      this.db.prepare(`UPDATE datasets SET split_json = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`).run(JSON.stringify(split), id);
    })();
    return this.get(id);
  }

  /**
   * Valid rows in file order, a page at a time (so callers can yield to the event loop between pages).
   * Training reads its data through this too.
   */
  *okRows(id: string, split: DatasetSplit | 'all' = 'all', pageSize = 1000): Generator<{ id: number; position: number; line: number | null; row: CanonicalRow; hash: string }[]> {
    this.record(id);
    const query = this.db.prepare(
      `SELECT id, position, source_line, row_json, content_hash FROM dataset_rows WHERE dataset_id = ? AND status = 'ok' AND position > ? ${split === 'all' ? '' : 'AND split = ?'} ORDER BY position LIMIT ?`,
    );
    let after = 0;
    for (;;) {
      const page = (split === 'all' ? query.all(id, after, pageSize) : query.all(id, after, split, pageSize)) as {
        id: number;
        position: number;
        source_line: number | null;
        row_json: string;
        content_hash: string;
      }[];
      if (page.length === 0) return;
      after = (page.at(-1) as { position: number }).position;
      yield page.map((record) => ({ id: record.id, position: record.position, line: record.source_line, row: JSON.parse(record.row_json) as CanonicalRow, hash: record.content_hash }));
    }
  }

  /** Rows whose content repeats an earlier row exactly: extra copies, groups, and the first groups' rows in order. */
  duplicateGroups(id: string, listed: number): { rows: number; groups: number; examples: RowRef[][] } {
    const groups = this.db
      .prepare(
        `SELECT COUNT(*) AS n, GROUP_CONCAT(id || ':' || position || ':' || IFNULL(source_line, '')) AS refs FROM dataset_rows
         WHERE dataset_id = ? AND status = 'ok' GROUP BY content_hash HAVING COUNT(*) > 1 ORDER BY MIN(position)`,
      )
      .all(id) as { n: number; refs: string }[];
    const refOf = (text: string): RowRef => {
      const [rowId, position, line] = text.split(':');
      return { id: Number(rowId), row: Number(position), line: line === '' || line === undefined ? null : Number(line) };
    };
    return {
      rows: groups.reduce((sum, group) => sum + group.n - 1, 0),
      groups: groups.length,
      examples: groups.slice(0, listed).map((group) => group.refs.split(',').map(refOf).sort((a, b) => a.row - b.row)),
    };
  }

  private insertProblems(id: string, rowId: number, problems: readonly DatasetProblem[]): void {
    const insert = this.db.prepare(
      'INSERT INTO dataset_problems (dataset_id, row_id, line, item_index, path, code, message, file, reason_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const problem of problems) {
      insert.run(id, rowId, problem.line, problem.index, problem.path, problem.code, problem.message, problem.file ?? null, problem.reason ? JSON.stringify(problem.reason) : null);
    }
  }

  private touch(id: string): void {
    this.db.prepare(`UPDATE datasets SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`).run(id);
  }

  private withProblems(records: readonly RowRecord[]): DatasetRowView[] {
    const byRow = new Map<number, DatasetProblem[]>();
    const rejected = records.filter((record) => record.status === 'rejected').map((record) => record.id);
    if (rejected.length > 0) {
      const found = this.db
        .prepare(
          `SELECT p.row_id, r.position, p.line, p.item_index, p.path, p.code, p.message, p.file, p.reason_json FROM dataset_problems p JOIN dataset_rows r ON r.id = p.row_id
           WHERE p.row_id IN (${rejected.map(() => '?').join(',')}) ORDER BY p.id`,
        )
        .all(...rejected) as ProblemRecord[];
      for (const problem of found) byRow.set(problem.row_id, [...(byRow.get(problem.row_id) ?? []), problemOf(problem)]);
    }
    return records.map((record) => ({
      id: record.id,
      position: record.position,
      split: record.split,
      status: record.status,
      line: record.source_line,
      index: record.source_index,
      row: record.row_json === null ? null : (JSON.parse(record.row_json) as CanonicalRow),
      raw: record.raw_text,
      problems: byRow.get(record.id) ?? [],
    }));
  }

  private record(id: string): DatasetRecord {
    const record = this.db.prepare(`SELECT ${summaryColumns} FROM datasets d WHERE d.id = ?`).get(id) as DatasetRecord | undefined;
    if (!record) throw new WorkbenchError('not_found', `No dataset ${id}`, { field: 'datasetId', datasetId: id }, reason('dataset_not_found', { dataset: String(id) }));
    return record;
  }

  private summaryOf(record: DatasetRecord): DatasetSummary {
    const counts = Object.fromEntries(
      (this.db.prepare('SELECT code, COUNT(*) AS n FROM dataset_problems WHERE dataset_id = ? GROUP BY code').all(record.id) as { code: string; n: number }[]).map((row) => [row.code, row.n]),
    );
    return {
      id: record.id,
      name: record.name,
      kind: record.kind,
      format: record.format,
      fileType: record.file_type,
      sourcePath: record.source_path,
      sourceSha256: record.source_sha256,
      rows: record.ok_rows,
      rejectedRows: record.rejected_rows,
      trainRows: record.ok_rows - record.validation_rows,
      validationRows: record.validation_rows,
      counts,
      split: record.split_json ? (JSON.parse(record.split_json) as { validationFraction: number; seed: number }) : null,
      createdAt: record.created_at,
      updatedAt: record.updated_at,
    };
  }
}

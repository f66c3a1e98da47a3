import type { Migration } from './migration.ts';

/**
 * Datasets in one canonical shape. Rows with problems are kept apart (status 'rejected', with the record as read)
 * so they can be fixed in place; only 'ok' rows are trained on, counted and exported.
 */
export const datasetsMigration: Migration = {
  version: 2,
  name: 'datasets: canonical rows, problems, splits',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sft','preference','pretrain')),
        format TEXT NOT NULL,
        file_type TEXT NOT NULL,
        read_plan_json TEXT NOT NULL,
        source_path TEXT,
        source_sha256 TEXT NOT NULL,
        -- sha256 + how the file was read: importing the same file the same way again finds this row.
        import_key TEXT NOT NULL UNIQUE,
        split_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE TABLE dataset_rows (
        id INTEGER PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        split TEXT NOT NULL DEFAULT 'train' CHECK (split IN ('train','validation')),
        status TEXT NOT NULL CHECK (status IN ('ok','rejected')),
        source_line INTEGER,
        source_index INTEGER,
        row_json TEXT,
        raw_text TEXT,
        content_hash TEXT,
        UNIQUE (dataset_id, position)
      );
      CREATE INDEX dataset_rows_status ON dataset_rows(dataset_id, status, position);
      CREATE TABLE dataset_problems (
        id INTEGER PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        row_id INTEGER NOT NULL REFERENCES dataset_rows(id) ON DELETE CASCADE,
        line INTEGER,
        item_index INTEGER,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        file TEXT
      );
      CREATE INDEX dataset_problems_dataset ON dataset_problems(dataset_id, code, id);
      CREATE INDEX dataset_problems_row ON dataset_problems(row_id);
    `);
  },
};

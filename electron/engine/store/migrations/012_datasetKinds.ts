import type { Migration } from './migration.ts';

/**
 * Adds the 'kto' dataset kind (conversations labelled desirable or not). SQLite cannot change a CHECK constraint
 * in place, so the three dataset tables are rebuilt with their rows; the new tables are filled before the old
 * ones are dropped (children first, so no ON DELETE CASCADE fires on kept data) and then take the old names.
 */
export const datasetKindsMigration: Migration = {
  version: 12,
  name: 'datasets: kto kind',
  up(db) {
    db.exec(`
      CREATE TABLE datasets_next (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sft','preference','pretrain','kto')),
        format TEXT NOT NULL,
        file_type TEXT NOT NULL,
        read_plan_json TEXT NOT NULL,
        source_path TEXT,
        source_sha256 TEXT NOT NULL,
        import_key TEXT NOT NULL UNIQUE,
        split_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      INSERT INTO datasets_next (id, name, kind, format, file_type, read_plan_json, source_path, source_sha256, import_key, split_json, created_at, updated_at)
        SELECT id, name, kind, format, file_type, read_plan_json, source_path, source_sha256, import_key, split_json, created_at, updated_at FROM datasets;
      CREATE TABLE dataset_rows_next (
        id INTEGER PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets_next(id) ON DELETE CASCADE,
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
      INSERT INTO dataset_rows_next (id, dataset_id, position, split, status, source_line, source_index, row_json, raw_text, content_hash)
        SELECT id, dataset_id, position, split, status, source_line, source_index, row_json, raw_text, content_hash FROM dataset_rows;
      CREATE TABLE dataset_problems_next (
        id INTEGER PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets_next(id) ON DELETE CASCADE,
        row_id INTEGER NOT NULL REFERENCES dataset_rows_next(id) ON DELETE CASCADE,
        line INTEGER,
        item_index INTEGER,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        file TEXT
      );
      INSERT INTO dataset_problems_next (id, dataset_id, row_id, line, item_index, path, code, message, file)
        SELECT id, dataset_id, row_id, line, item_index, path, code, message, file FROM dataset_problems;
      DROP TABLE dataset_problems;
      DROP TABLE dataset_rows;
      DROP TABLE datasets;
      ALTER TABLE datasets_next RENAME TO datasets;
      ALTER TABLE dataset_rows_next RENAME TO dataset_rows;
      ALTER TABLE dataset_problems_next RENAME TO dataset_problems;
      CREATE INDEX dataset_rows_status ON dataset_rows(dataset_id, status, position);
      CREATE INDEX dataset_problems_dataset ON dataset_problems(dataset_id, code, id);
      CREATE INDEX dataset_problems_row ON dataset_problems(row_id);
    `);
  },
};

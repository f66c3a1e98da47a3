import type { Migration } from './migration.ts';

export const evalsMigration: Migration = {
  version: 13,
  name: 'evals: benchmark runs (model × task) and per-item results',
  up(db) {
    db.exec(`
      CREATE TABLE eval_runs (
        id TEXT PRIMARY KEY,
        job_id TEXT,
        label TEXT NOT NULL,
        model TEXT NOT NULL,
        model_path TEXT NOT NULL,
        lora TEXT,
        lora_scale REAL NOT NULL DEFAULT 1,
        task_name TEXT NOT NULL,
        task_sha256 TEXT NOT NULL,
        frame TEXT NOT NULL CHECK (frame IN ('qa','completion','chat')),
        settings_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running','done','failed','cancelled')),
        item_count INTEGER NOT NULL,
        summary_json TEXT,
        error_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        finished_at TEXT
      );
      CREATE INDEX eval_runs_created ON eval_runs(created_at);
      -- Each result keeps the item's question and choices, so a run stays readable after its task file changes.
      CREATE TABLE eval_results (
        run_id TEXT NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        correct INTEGER NOT NULL,
        result_json TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      );
    `);
  },
};

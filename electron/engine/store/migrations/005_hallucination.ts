import type { Migration } from './migration.ts';

export const hallucinationMigration: Migration = {
  version: 5,
  name: 'hallucination: runs, per-item results, user verdict overrides',
  up(db) {
    db.exec(`
      CREATE TABLE hallucination_runs (
        id TEXT PRIMARY KEY,
        job_id TEXT,
        label TEXT NOT NULL,
        model TEXT NOT NULL,
        model_path TEXT NOT NULL,
        lora TEXT,
        lora_scale REAL NOT NULL DEFAULT 1,
        mode TEXT NOT NULL CHECK (mode IN ('chat','raw')),
        suite_name TEXT NOT NULL,
        suite_sha256 TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running','done','failed','cancelled')),
        item_count INTEGER NOT NULL,
        summary_json TEXT,
        error_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        finished_at TEXT
      );
      CREATE INDEX hallucination_runs_created ON hallucination_runs(created_at);
      -- The item is stored with its result so a run stays readable (and exportable) after the suite file changes.
      CREATE TABLE hallucination_results (
        run_id TEXT NOT NULL REFERENCES hallucination_runs(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        item_json TEXT NOT NULL,
        result_json TEXT NOT NULL,
        PRIMARY KEY (run_id, item_id)
      );
      CREATE TABLE hallucination_overrides (
        run_id TEXT NOT NULL REFERENCES hallucination_runs(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('correct','incorrect','not_attempted')),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        PRIMARY KEY (run_id, item_id)
      );
    `);
  },
};

import type { Migration } from './migration.ts';

/**
 * Training runs (the durable record a job works on), their metric points, sample generations, checkpoints, and
 * the library of trained adapters tied to their base model.
 */
export const trainingMigration: Migration = {
  version: 3,
  name: 'training: runs, metrics, samples, checkpoints, adapters',
  up(db) {
    db.exec(`
      CREATE TABLE training_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        objective TEXT NOT NULL CHECK (objective IN ('sft','dpo','full')),
        state TEXT NOT NULL CHECK (state IN ('queued','running','paused','interrupted','done','failed','cancelled')),
        config_json TEXT NOT NULL,
        job_id TEXT,
        model_path TEXT NOT NULL,
        dataset_name TEXT,
        step INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER NOT NULL DEFAULT 0,
        last_loss REAL,
        last_val_loss REAL,
        output_path TEXT,
        error TEXT,
        data_sha256 TEXT,
        trainable_parameters INTEGER,
        backend TEXT,
        run_dir TEXT NOT NULL,
        -- '<pid>/<engine id>' of the engine whose job trains it (see training/runOwner.ts)
        owner TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE TABLE training_metrics (
        run_id TEXT NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        point_json TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE training_samples (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        output TEXT NOT NULL
      );
      CREATE INDEX training_samples_run ON training_samples(run_id, step);
      CREATE TABLE training_checkpoints (
        run_id TEXT NOT NULL REFERENCES training_runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        path TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE adapters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        base_model_path TEXT NOT NULL,
        base_model_sha256 TEXT,
        run_id TEXT,
        objective TEXT,
        rank INTEGER NOT NULL,
        alpha REAL NOT NULL,
        targets_json TEXT NOT NULL,
        config_json TEXT,
        data_sha256 TEXT,
        final_loss REAL,
        final_val_loss REAL,
        size_bytes INTEGER NOT NULL,
        sha256 TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE INDEX adapters_base ON adapters(base_model_path);
    `);
  },
};

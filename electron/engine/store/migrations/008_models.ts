import type { Migration } from './migration.ts';

export const modelsMigration: Migration = {
  version: 8,
  name: 'models: library, file hashes, run history',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT NOT NULL UNIQUE,
        size_bytes INTEGER NOT NULL,
        architecture TEXT,
        parameter_count INTEGER,
        context_length INTEGER,
        quantization TEXT,
        has_chat_template INTEGER NOT NULL DEFAULT 0,
        detected_kind TEXT NOT NULL CHECK (detected_kind IN ('base','chat')),
        kind_override TEXT CHECK (kind_override IN ('base','chat')),
        kind_hints_json TEXT NOT NULL DEFAULT '[]',
        tags_json TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE UNIQUE INDEX models_name ON models(name COLLATE NOCASE);

      -- sha256 of model and adapter files, valid while size and mtime are unchanged (hashing GBs is slow).
      CREATE TABLE file_hashes (
        path TEXT PRIMARY KEY,
        size_bytes INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        sha256 TEXT NOT NULL
      );

      CREATE TABLE generation_runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        kind TEXT NOT NULL CHECK (kind IN ('generate','score')),
        mode TEXT NOT NULL CHECK (mode IN ('raw','chat')),
        source TEXT NOT NULL,
        model_id TEXT,
        model_name TEXT NOT NULL,
        model_path TEXT NOT NULL,
        model_sha256 TEXT,
        adapters_json TEXT NOT NULL DEFAULT '[]',
        template TEXT,
        request_json TEXT NOT NULL,
        seed INTEGER,
        engine_json TEXT NOT NULL,
        prompt_text TEXT NOT NULL,
        output_text TEXT NOT NULL,
        finish_reason TEXT,
        result_json TEXT NOT NULL
      );
      CREATE INDEX generation_runs_created ON generation_runs(created_at);
    `);
  },
};

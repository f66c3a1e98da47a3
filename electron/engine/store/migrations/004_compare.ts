import type { Migration } from './migration.ts';

export const compareMigration: Migration = {
  version: 4,
  name: 'compare: runs and cells (prompt sets), blind A/B rounds and votes',
  up(db) {
    db.exec(`
      -- A comparison of 2–4 contenders on one or more prompts; contenders and settings are stored as they ran,
      -- so history stays readable and re-runnable after models are renamed or removed from the library.
      CREATE TABLE compare_runs (
        id TEXT PRIMARY KEY,
        job_id TEXT,
        title TEXT NOT NULL,
        contenders_json TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        prompts_json TEXT NOT NULL,
        prompt_count INTEGER NOT NULL,
        plan_json TEXT,
        state TEXT NOT NULL CHECK (state IN ('running','done','failed','cancelled')),
        error_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        finished_at TEXT
      );
      CREATE INDEX compare_runs_created ON compare_runs(created_at);
      -- One prompt × one contender, saved as soon as it finishes so a cancelled run keeps what it produced.
      CREATE TABLE compare_cells (
        run_id TEXT NOT NULL REFERENCES compare_runs(id) ON DELETE CASCADE,
        prompt_index INTEGER NOT NULL,
        column_index INTEGER NOT NULL,
        cell_json TEXT NOT NULL,
        PRIMARY KEY (run_id, prompt_index, column_index)
      );
      -- A blind round: who A and B are stays here until the vote; the UI only sees the texts.
      CREATE TABLE compare_blind_rounds (
        id TEXT PRIMARY KEY,
        job_id TEXT,
        prompt TEXT NOT NULL,
        settings_json TEXT NOT NULL,
        a_key TEXT NOT NULL,
        a_label TEXT NOT NULL,
        a_json TEXT NOT NULL,
        b_key TEXT NOT NULL,
        b_label TEXT NOT NULL,
        b_json TEXT NOT NULL,
        a_text TEXT,
        b_text TEXT,
        state TEXT NOT NULL CHECK (state IN ('generating','ready','voted','failed')),
        verdict TEXT CHECK (verdict IN ('a','b','tie','both_bad')),
        error_json TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        voted_at TEXT
      );
      CREATE INDEX compare_blind_rounds_voted ON compare_blind_rounds(voted_at) WHERE verdict IS NOT NULL;
    `);
  },
};

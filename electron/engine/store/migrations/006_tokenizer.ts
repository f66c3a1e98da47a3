import type { Migration } from './migration.ts';

export const tokenizerMigration: Migration = {
  version: 6,
  name: 'tokenizer: saved chat templates',
  up(db) {
    db.exec(`
      CREATE TABLE chat_templates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        template TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE UNIQUE INDEX chat_templates_name ON chat_templates(name COLLATE NOCASE);
    `);
  },
};

import type { Migration } from './migration.ts';

/**
 * The adapters table becomes the adapter library: adapters the user adds (a file, a folder scan) sit next to the
 * ones training made, each tied to its base. `source` says where a row came from; a path is listed once.
 */
export const adapterLibraryMigration: Migration = {
  version: 10,
  name: 'adapters: library sources',
  up(db) {
    db.exec(`
      ALTER TABLE adapters ADD COLUMN source TEXT NOT NULL DEFAULT 'training';
      DELETE FROM adapters WHERE rowid NOT IN (SELECT MAX(rowid) FROM adapters GROUP BY path);
      CREATE UNIQUE INDEX adapters_path ON adapters(path);
    `);
  },
};

import type { Migration } from './migration.ts';

/**
 * Checkpoint samples say when their prompt was shortened to fit the context and why one could not be generated
 * (the run goes on without it).
 */
export const trainingSampleNotesMigration: Migration = {
  version: 9,
  name: 'training: sample truncation and errors',
  up(db) {
    db.exec(`
      ALTER TABLE training_samples ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE training_samples ADD COLUMN error TEXT;
    `);
  },
};

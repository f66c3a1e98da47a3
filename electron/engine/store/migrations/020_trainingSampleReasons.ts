import type { Migration } from './migration.ts';

/**
 * A checkpoint sample that could not be generated keeps why as a reason (a key and params, as JSON) next to its
 * English error, so the Training page can say it in its own language. Samples stored before have none; the page
 * shows their message.
 */
export const trainingSampleReasonsMigration: Migration = {
  version: 20,
  name: 'training: sample error reasons',
  up(db) {
    db.exec('ALTER TABLE training_samples ADD COLUMN error_reason_json TEXT');
  },
};

import type { Migration } from './migration.ts';

/**
 * Each dataset problem keeps its reason (a key and params, as JSON) next to the English message, so the UI can say
 * it in its own language. Problems stored before have none; the UI shows their message.
 */
export const datasetProblemReasonsMigration: Migration = {
  version: 19,
  name: 'datasets: problem reasons',
  up(db) {
    db.exec('ALTER TABLE dataset_problems ADD COLUMN reason_json TEXT');
  },
};

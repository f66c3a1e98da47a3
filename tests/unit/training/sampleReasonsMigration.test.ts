import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../electron/engine/store/database.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { TrainingRunStore } from '../../../electron/engine/training/trainingRunStore.ts';
import { reason } from '../../../electron/shared/contract/errorReasons.ts';

describe('migration 20: checkpoint samples keep why they failed', () => {
  it('keeps samples stored before (shown by their English error) and stores the reason of new ones', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrateDatabase(db, migrations.filter((migration) => migration.version < 20));
    db.prepare(`INSERT INTO training_runs (id, name, objective, state, config_json, model_path, run_dir) VALUES ('r', 'r', 'sft', 'done', '{}', '/m.gguf', '/runs/r')`).run();
    db.prepare(`INSERT INTO training_samples (run_id, step, prompt, output, truncated, error) VALUES ('r', 5, 'hi', '', 0, 'the prompt does not fit the context length 64')`).run();

    migrateDatabase(db, migrations);
    const store = new TrainingRunStore(db);
    store.addSample('r', { step: 10, prompt: 'hi', output: '', error: 'the prompt does not fit the context length 64', errorReason: reason('sample_prompt_too_long', { contextLength: 64 }) });
    db.prepare(`INSERT INTO training_samples (run_id, step, prompt, output, truncated, error, error_reason_json) VALUES ('r', 15, 'hi', '', 0, 'x', '{"key":"from_a_newer_engine","params":{}}')`).run();
    expect(store.samples('r')).toEqual([
      { step: 5, prompt: 'hi', output: '', error: 'the prompt does not fit the context length 64' },
      { step: 10, prompt: 'hi', output: '', error: 'the prompt does not fit the context length 64', errorReason: { key: 'sample_prompt_too_long', params: { contextLength: 64 } } },
      { step: 15, prompt: 'hi', output: '', error: 'x' },
    ]);
  });
});

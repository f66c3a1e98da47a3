import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatasetStore } from '../../../electron/engine/datasets/datasetStore.ts';
import { migrateDatabase } from '../../../electron/engine/store/database.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';

describe('migration 19: dataset problems keep their reason', () => {
  it('keeps problems stored before (shown by their message) and stores the reason of new ones', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrateDatabase(db, migrations.filter((migration) => migration.version < 19));
    db.prepare(`INSERT INTO datasets (id, name, kind, format, file_type, read_plan_json, source_sha256, import_key) VALUES ('a', 'a', 'sft', 'openai', 'jsonl', '{}', 'x', 'k')`).run();
    db.prepare(`INSERT INTO dataset_rows (id, dataset_id, position, status, source_line, row_json) VALUES (7, 'a', 1, 'rejected', 3, NULL)`).run();
    db.prepare(`INSERT INTO dataset_problems (dataset_id, row_id, line, path, code, message) VALUES ('a', 7, 3, '$.messages', 'no_assistant_turn', 'No assistant turn')`).run();

    migrateDatabase(db, migrations);
    const store = new DatasetStore(db);
    expect(store.problems('a', { offset: 0, limit: 10 }).problems).toEqual([
      { row: 1, line: 3, index: null, path: '$.messages', code: 'no_assistant_turn', message: 'No assistant turn', rowId: 7 },
    ]);
    // An edit's problems are stored with their reason; one a later version wrote with an unknown key reads as none.
    store.replaceRow('a', 7, {
      line: 3,
      index: null,
      row: null,
      raw: '{}',
      problems: [{ row: null, line: null, index: null, path: '$.messages[1].content', code: 'empty_content', message: 'The assistant turn is empty', reason: { key: 'turn_empty', params: { role: 'assistant' } } }],
    });
    db.prepare(`INSERT INTO dataset_problems (dataset_id, row_id, line, path, code, message, reason_json) VALUES ('a', 7, 3, '$', 'bad_json', 'broken', '{"key":"from_a_newer_engine","params":{}}')`).run();
    expect(store.problems('a', { offset: 0, limit: 10 }).problems.map((problem) => [problem.code, problem.reason])).toEqual([
      ['empty_content', { key: 'turn_empty', params: { role: 'assistant' } }],
      ['bad_json', undefined],
    ]);
  });
});

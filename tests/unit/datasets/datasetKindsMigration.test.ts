import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../electron/engine/store/database.ts';
import { coreMigration } from '../../../electron/engine/store/migrations/001_core.ts';
import { datasetsMigration } from '../../../electron/engine/store/migrations/002_datasets.ts';
import { datasetKindsMigration } from '../../../electron/engine/store/migrations/012_datasetKinds.ts';

describe('migration 12: the kto dataset kind', () => {
  it('keeps every dataset, row and problem, and accepts kind kto afterwards', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrateDatabase(db, [coreMigration, datasetsMigration]);
    const insertDataset = (id: string, kind: string) =>
      db.prepare(`INSERT INTO datasets (id, name, kind, format, file_type, read_plan_json, source_sha256, import_key) VALUES (?, ?, ?, 'openai', 'jsonl', '{}', 'x', ?)`).run(id, id, kind, `key-${id}`);
    insertDataset('a', 'sft');
    expect(() => insertDataset('k0', 'kto')).toThrow(/CHECK constraint/);
    db.prepare(`INSERT INTO dataset_rows (id, dataset_id, position, status, source_line, row_json) VALUES (7, 'a', 1, 'rejected', 3, NULL)`).run();
    db.prepare(`INSERT INTO dataset_problems (dataset_id, row_id, line, path, code, message) VALUES ('a', 7, 3, '$.x', 'bad_json', 'broken')`).run();

    migrateDatabase(db, [coreMigration, datasetsMigration, datasetKindsMigration]);
    insertDataset('k', 'kto');
    expect(db.prepare('SELECT id, kind FROM datasets ORDER BY id').all()).toEqual([
      { id: 'a', kind: 'sft' },
      { id: 'k', kind: 'kto' },
    ]);
    expect(db.prepare('SELECT id, dataset_id, source_line FROM dataset_rows').all()).toEqual([{ id: 7, dataset_id: 'a', source_line: 3 }]);
    expect(db.prepare('SELECT row_id, code FROM dataset_problems').all()).toEqual([{ row_id: 7, code: 'bad_json' }]);
    // The foreign keys point at the new tables: deleting a dataset still removes its rows and problems.
    db.prepare(`DELETE FROM datasets WHERE id = 'a'`).run();
    expect([db.prepare('SELECT COUNT(*) AS n FROM dataset_rows').get(), db.prepare('SELECT COUNT(*) AS n FROM dataset_problems').get()]).toEqual([{ n: 0 }, { n: 0 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});

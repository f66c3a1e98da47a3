import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import type { Migration } from '../../../electron/engine/store/migrations/migration.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

describe('database', () => {
  const home = createTempHome('db');
  afterEach(() => undefined);

  it('opens in WAL mode with foreign keys and applies every migration', () => {
    const db = openDatabase(join(home.path, 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it('rolls a failing migration back completely, version and tables', () => {
    const file = join(home.path, 'b.sqlite');
    const broken: Migration[] = [
      { version: 1, name: 'ok', up: (db) => db.exec('CREATE TABLE first (id INTEGER)') },
      {
        version: 2,
        name: 'fails half way',
        up: (db) => {
          db.exec('CREATE TABLE second (id INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => openDatabase(file, broken)).toThrow('boom');
    const raw = new BetterSqlite3(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(['first']);
    raw.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = join(home.path, 'c.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('conflict');
    expect((error as WorkbenchError).message).toContain(file);
    const after = new BetterSqlite3(file);
    expect(after.pragma('user_version', { simple: true })).toBe(migrations.length + 5);
    after.close();
  });

  it('numbers migrations 1, 2, 3… with no gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
  });
});

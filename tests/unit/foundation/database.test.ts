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
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(applied.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
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
    const tables = raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(['first', 'schema_migrations']);
    raw.close();
  });

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = join(home.path, 'c.sqlite');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${(migrations.at(-1)?.version ?? 0) + 5}`);
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
    expect(after.pragma('user_version', { simple: true })).toBe((migrations.at(-1)?.version ?? 0) + 5);
    after.close();
  });

  it('lists migrations in strictly increasing order', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('applies a lower-numbered migration that lands after a higher one', () => {
    const file = join(home.path, 'd.sqlite');
    const early: Migration[] = [
      { version: 1, name: 'core', up: (db) => db.exec('CREATE TABLE core (id INTEGER)') },
      { version: 5, name: 'area five', up: (db) => db.exec('CREATE TABLE five (id INTEGER)') },
    ];
    openDatabase(file, early).close();
    const later: Migration[] = [early[0]!, { version: 2, name: 'area two', up: (db) => db.exec('CREATE TABLE two (id INTEGER)') }, early[1]!];
    const db = openDatabase(file, later);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(['core', 'five', 'schema_migrations', 'two']);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    db.close();
  });
});

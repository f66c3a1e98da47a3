import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { Migration } from './migrations/migration.ts';
import { migrations as allMigrations } from './migrations/index.ts';

export type { Database };

/**
 * The single owner of the SQLite file. WAL so the UI can read while a job writes; foreign keys on;
 * migrations numbered by `user_version`, each applied in its own transaction together with the version bump.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = allMigrations): Database {
  // Inside Electron the addon must be the copy built for Electron's ABI (scripts/electronNativeDeps.mjs).
  const nativeBinding = process.env.WORKBENCH_SQLITE_BINDING;
  const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrateDatabase(db, migrations, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrateDatabase(db: Database, migrations: readonly Migration[], file = ':memory:'): void {
  assertOrdered(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    // A newer app wrote this file; touching it could destroy data that app relies on.
    throw new WorkbenchError(
      'conflict',
      `The database ${file} has schema version ${current}, newer than this app knows (${latest}). Update LLM Workbench or use another WORKBENCH_HOME.`,
      { file, schemaVersion: current, supportedVersion: latest },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    apply();
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration #${index + 1} ("${migration.name}") has version ${migration.version}; versions must be 1, 2, 3…`);
    }
  });
}

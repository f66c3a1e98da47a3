import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
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
      reason('database_newer', { file, version: current, supported: latest }),
    );
  }
  // Numbers are reserved per feature area, so a lower number can land after a higher one: remember exactly which
  // migrations ran instead of trusting user_version alone.
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    const apply = db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      const highest = Math.max(migration.version, db.pragma('user_version', { simple: true }) as number);
      db.pragma(`user_version = ${highest}`);
    });
    apply();
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && migration.version <= previous.version) {
      throw new Error(`Migration "${migration.name}" (version ${migration.version}) must come after version ${previous.version}; versions increase strictly`);
    }
  });
}

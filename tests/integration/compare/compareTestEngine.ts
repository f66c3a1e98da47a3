import type { Database } from 'better-sqlite3';
import { compareMigration } from '../../../electron/engine/store/migrations/004_compare.ts';
import { modelsMigration } from '../../../electron/engine/store/migrations/008_models.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

/**
 * Until migrations 004 and 008 are listed in migrations/index.ts (the list must stay 1, 2, 3… without gaps), create
 * compare's and the model library's tables here. Used by the integration and e2e tests alike.
 */
export function applyCompareTables(db: Database): void {
  const has = (table: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
  if (!migrations.some((migration) => migration.version === modelsMigration.version) && !has('models')) modelsMigration.up(db);
  if (!migrations.some((migration) => migration.version === compareMigration.version) && !has('compare_runs')) compareMigration.up(db);
}

/** A CPU, one-thread engine with the model library and compare's tables. */
export function createCompareTestEngine(label: string): ReturnType<typeof createModelsTestEngine> {
  const engine = createModelsTestEngine(label);
  applyCompareTables(engine.services.db);
  return engine;
}

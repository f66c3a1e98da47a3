import { hallucinationMigration } from '../../../electron/engine/store/migrations/005_hallucination.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

/**
 * A CPU, one-thread test engine with the lab's tables. Until migration 005 is listed in migrations/index.ts (the
 * list must stay 1, 2, 3… without gaps, so it waits for 002–004), apply it here, as the models tests do for 008.
 */
export function createHallucinationTestEngine(label: string): ReturnType<typeof createModelsTestEngine> {
  const engine = createModelsTestEngine(label);
  if (!migrations.some((migration) => migration.version === hallucinationMigration.version)) hallucinationMigration.up(engine.services.db);
  return engine;
}

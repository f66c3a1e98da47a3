import { modelsMigration } from '../../../electron/engine/store/migrations/008_models.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';

/**
 * A test engine for the models and inference areas: CPU only, one thread (these models are far too small to gain
 * from more, and extra threads spin against other test processes).
 */
export function createModelsTestEngine(label: string): ReturnType<typeof createTestEngine> {
  process.env.WORKBENCH_GPU = 'off';
  process.env.WORKBENCH_THREADS = '1';
  const engine = createTestEngine(label);
  // Until migration 008 is listed in migrations/index.ts (the list must stay 1, 2, 3… without gaps), apply it here.
  if (!migrations.some((migration) => migration.version === modelsMigration.version)) modelsMigration.up(engine.services.db);
  return engine;
}

import { createTestEngine } from '../../helpers/testEngine.ts';

/**
 * A test engine for the models and inference areas: CPU only, one thread (these models are far too small to gain
 * from more, and extra threads spin against other test processes).
 */
export function createModelsTestEngine(label: string): ReturnType<typeof createTestEngine> {
  process.env.WORKBENCH_GPU = 'off';
  process.env.WORKBENCH_THREADS = '1';
  return createTestEngine(label);
}

import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

/** A CPU, one-thread engine on a temp data home (the model library and compare's tables come with migrations). */
export function createCompareTestEngine(label: string): ReturnType<typeof createModelsTestEngine> {
  return createModelsTestEngine(label);
}

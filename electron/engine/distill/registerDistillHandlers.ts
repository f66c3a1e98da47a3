import { DatasetStore } from '../datasets/datasetStore.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { readPrompts } from './readPrompts.ts';
import { startDistill } from './startDistill.ts';

export function registerDistillHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const store = new DatasetStore(services.db);
  registry.handle('datasets.distillStart', (request) => startDistill(services, store, request));
  registry.handle('datasets.distillPrompts', ({ prompts }) => {
    const read = readPrompts(prompts, store);
    return { total: read.length, first: read.slice(0, 5).map((prompt) => prompt.text) };
  });
}

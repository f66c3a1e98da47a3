import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { AdapterLibrary } from './adapterLibrary.ts';

/** adapters.*: the adapter library next to the model library; bases are named as everywhere (id, name or path). */
export function registerAdaptersHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const adapters = new AdapterLibrary(services.db);
  const basePath = (model: string): string => new ModelLibrary(services.db).resolve(model).path;
  registry.handle('adapters.list', ({ model }) => adapters.list(model === undefined ? null : basePath(model)));
  registry.handle('adapters.add', ({ path, model, name }) => adapters.add({ path, basePath: basePath(model), ...(name === undefined ? {} : { name }) }));
  registry.handle('adapters.scan', ({ folder, model }) => adapters.scan(folder, basePath(model)));
  registry.handle('adapters.rename', ({ id, name }) => adapters.rename(id, name));
  registry.handle('adapters.remove', ({ id }) => adapters.remove(id));
}

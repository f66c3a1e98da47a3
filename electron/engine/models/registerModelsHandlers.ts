import type { LoadedModel } from '../../shared/contract/models.ts';
import { memoryEstimateSchema } from '../../shared/contract/models.ts';
import type { EngineServices } from '../engineServices.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import type { LoadedModelState } from '../inference/inferenceHostContract.ts';
import { describeModel } from './describeModel.ts';
import { ModelLibrary } from './modelLibrary.ts';
import { scanModelFolder } from './scanModelFolder.ts';
import { startModelDownload } from './startModelDownload.ts';

export function registerModelsHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const library = new ModelLibrary(services.db);
  const host = services.hosts.inference;

  const toLoadedModel = (state: LoadedModelState): LoadedModel => {
    const entry = library.findByPath(state.path);
    return { ...state, modelId: entry?.id ?? null, name: entry?.name ?? state.path.split(/[\\/]/).pop()!.replace(/\.gguf$/i, '') };
  };

  registry.handle('models.list', () => library.list());
  registry.handle('models.add', ({ path, name }) => library.add(path, { source: 'file', ...(name === undefined ? {} : { name }) }));
  registry.handle('models.scanFolder', ({ folder, recursive }) => scanModelFolder(library, folder, recursive));
  registry.handle('models.update', ({ id, ...changes }) => library.update(id, changes));
  registry.handle('models.remove', async ({ id, deleteFile, confirmFileName }) => {
    const entry = library.require(id);
    // A loaded model keeps its file mapped; unload it first so a delete really frees the space.
    if (host.status().state === 'ready') await host.request('models.unload', { modelPath: entry.path });
    return library.remove(id, deleteFile, confirmFileName);
  });
  registry.handle('models.inspect', ({ model }) => {
    const resolved = library.resolve(model);
    const inspection = inspectGguf(resolved.path);
    return describeModel(resolved.modelId ? library.require(resolved.modelId) : library.preview(resolved.path, inspection), inspection);
  });
  registry.handle('models.download', ({ source, fileName }) => {
    const { jobId, targetPath } = startModelDownload(services, library, { source, fileName });
    return { jobId, targetPath };
  });
  registry.handle('models.estimateMemory', async ({ model, contextSize, gpuLayers }) =>
    memoryEstimateSchema.parse(await host.request('models.estimate', { modelPath: library.resolve(model).path, contextSize, gpuLayers })),
  );
  registry.handle('models.load', async ({ model, gpuLayers }) => {
    return toLoadedModel(await host.request('models.load', { modelPath: library.resolve(model).path, gpuLayers }));
  });
  registry.handle('models.unload', async ({ model }) => await host.request('models.unload', { modelPath: library.resolve(model).path }));
  registry.handle('models.loaded', async () => {
    // Asking a host that is not running would start it just to hear "nothing".
    if (host.status().state !== 'ready') return [];
    return (await host.request('models.loaded', {})).map(toLoadedModel);
  });
}

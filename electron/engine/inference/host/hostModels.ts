import type { LlamaModel } from 'node-llama-cpp';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { GpuLayersOption } from '../../../shared/contract/models.ts';
import { ContextPool } from './contextPool.ts';
import type { LoadedModelState } from '../inferenceHostContract.ts';
import { getLlamaRuntime } from './llamaRuntime.ts';

export interface HostModel {
  readonly path: string;
  readonly model: LlamaModel;
  readonly contexts: ContextPool;
  readonly loadedAt: string;
}

/**
 * The models loaded in this inference host, by file path. Several can be loaded at once; a request for a model
 * that is not loaded loads it with default settings, so callers never have to think about it.
 */
class HostModelRegistry {
  private readonly models = new Map<string, Promise<HostModel>>();

  /** Returns the loaded model, loading it first if needed; loadMs is 0 when it was already there. */
  async ensure(path: string, gpuLayers: GpuLayersOption = 'auto'): Promise<{ model: HostModel; loadMs: number }> {
    const existing = this.models.get(path);
    if (existing) return { model: await existing, loadMs: 0 };
    const started = performance.now();
    const loading = (async (): Promise<HostModel> => {
      const llama = await getLlamaRuntime();
      try {
        const model = await llama.loadModel({ modelPath: path, gpuLayers });
        return { path, model, contexts: new ContextPool(model), loadedAt: new Date().toISOString() };
      } catch (error) {
        throw new WorkbenchError('bad_input', `Could not load ${path}: ${(error as Error).message}`, { file: path, field: 'model' }, reason('model_unreadable', { file: path }));
      }
    })();
    this.models.set(path, loading);
    loading.catch(() => this.models.delete(path));
    const model = await loading;
    return { model, loadMs: performance.now() - started };
  }

  /** Loads again when the GPU layer setting changed; a no-op when the model is loaded with that setting. */
  async load(path: string, gpuLayers: GpuLayersOption): Promise<HostModel> {
    const existing = this.models.get(path);
    if (existing && typeof gpuLayers === 'number' && (await existing).model.gpuLayers !== gpuLayers) await this.unload(path);
    return (await this.ensure(path, gpuLayers)).model;
  }

  async unload(path: string): Promise<boolean> {
    const loading = this.models.get(path);
    if (!loading) return false;
    this.models.delete(path);
    const loaded = await loading.catch(() => null);
    if (!loaded) return false;
    await loaded.contexts.dispose();
    await loaded.model.dispose();
    return true;
  }

  async list(): Promise<LoadedModelState[]> {
    const settled = await Promise.allSettled(this.models.values());
    return settled.flatMap((result) => {
      if (result.status !== 'fulfilled') return [];
      const { model, contexts, path, loadedAt } = result.value;
      const memory = contexts.memory();
      return [
        {
          path,
          gpuLayers: model.gpuLayers,
          totalLayers: model.fileInsights.totalLayers,
          sizeBytes: model.size,
          contexts: memory.contexts,
          contextRamBytes: memory.ramBytes,
          contextVramBytes: memory.vramBytes,
          loadedAt,
        },
      ];
    });
  }
}

export const hostModels = new HostModelRegistry();

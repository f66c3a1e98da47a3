import type { LlamaModel } from 'node-llama-cpp';
import { getLlamaRuntime } from '../inference/host/llamaRuntime.ts';

/**
 * Models loaded with their vocabulary only (no weights): cheap enough to keep a few, so switching between
 * tokenizers in the lab is instant. Runs inside the inference host.
 */
const maxCached = 4;
const cache = new Map<string, Promise<LlamaModel>>();

export async function vocabOnlyModel(modelPath: string): Promise<LlamaModel> {
  let model = cache.get(modelPath);
  if (model) {
    cache.delete(modelPath); // re-insert: Map order is our recency order
  } else {
    // A vocabulary needs no GPU: gpuLayers 0 keeps node-llama-cpp from reserving VRAM for it.
    model = getLlamaRuntime().then((llama) => llama.loadModel({ modelPath, vocabOnly: true, gpuLayers: 0 }));
    model.catch(() => cache.delete(modelPath));
  }
  cache.set(modelPath, model);
  while (cache.size > maxCached) {
    const [oldestPath, oldest] = cache.entries().next().value as [string, Promise<LlamaModel>];
    cache.delete(oldestPath);
    void oldest.then((loaded) => loaded.dispose()).catch(() => undefined);
  }
  return await model;
}

import { memoryEstimateSchema } from '../../shared/contract/models.ts';
import type { EngineServices } from '../engineServices.ts';
import { generateText } from '../inference/generateText.ts';
import { resolveAdapters } from '../inference/resolveAdapters.ts';
import { scoreText } from '../inference/scoreText.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { CompareBackend } from './compareBackend.ts';
import { modelTokenBytes } from './modelTokenBytes.ts';

/** Generation's own default: the model's training context, at most this many tokens. */
const defaultContextTokens = 4096;

/** The real backend: the playground's generateText/scoreText and the inference host's estimates. */
export function engineCompareBackend(services: EngineServices): CompareBackend {
  const library = new ModelLibrary(services.db);
  const host = services.hosts.inference;
  return {
    resolveModel: (ref) => library.resolve(ref),
    resolveAdapters: (adapters) => resolveAdapters(services.db, adapters).map((adapter) => adapter.path),
    async estimate(modelPath) {
      const contextLength = library.findByPath(modelPath)?.contextLength ?? null;
      const contextSize = Math.min(contextLength ?? defaultContextTokens, defaultContextTokens);
      return memoryEstimateSchema.parse(await host.request('models.estimate', { modelPath, contextSize, gpuLayers: 'auto' }));
    },
    async loadedModelPaths() {
      if (host.status().state !== 'ready') return [];
      return (await host.request('models.loaded', {})).map((model) => model.path);
    },
    async unload(modelPath) {
      await host.request('models.unload', { modelPath });
    },
    // Compare keeps its own history (prompt sets, blind rounds), so its generations are not playground runs.
    generate: (request, options) => generateText(services, request, { signal: options.signal, onToken: options.onToken, source: null }),
    score: (request, options) => scoreText(services, request, { ...(options.signal ? { signal: options.signal } : {}), source: null }),
    tokenBytes: modelTokenBytes,
  };
}

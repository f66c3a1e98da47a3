import type { CompareBackend } from '../../../electron/engine/compare/compareBackend.ts';
import type { GenerationRequestInput, GenerationResult } from '../../../electron/shared/contract/generate.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

export interface FakeCall {
  readonly kind: 'generate-start' | 'generate-end' | 'unload';
  readonly model: string;
  readonly request?: GenerationRequestInput;
}

/**
 * A backend whose "models" echo their name and prompt token by token, with the memory it is told to report.
 * Records the order of calls so tests can see what ran together and what ran one after another.
 */
export function fakeCompareBackend(options: { freeRamGb?: number; modelGb?: number; loaded?: string[]; failOn?: (request: GenerationRequestInput) => boolean } = {}) {
  const calls: FakeCall[] = [];
  const loaded = new Set(options.loaded ?? []);
  const GB = 1024 ** 3;
  const backend: CompareBackend = {
    resolveModel: (ref) => {
      if (ref.startsWith('missing')) throw new WorkbenchError('not_found', `No library model or GGUF file named "${ref}"`, { field: 'model', model: ref });
      return { path: `/models/${ref}.gguf`, name: ref };
    },
    resolveAdapters: (adapters) => adapters.map((adapter) => `/adapters/${adapter.adapter}.gguf`),
    estimate: async () => ({
      totalRamBytes: (options.modelGb ?? 1) * GB,
      contextRamBytes: 0.1 * GB,
      totalVramBytes: 0,
      contextVramBytes: 0,
      freeRamBytes: (options.freeRamGb ?? 64) * GB,
      freeVramBytes: null,
    }),
    loadedModelPaths: async () => [...loaded],
    unload: async (path) => {
      calls.push({ kind: 'unload', model: path });
      loaded.delete(path);
    },
    generate: async (request, { signal, onToken }) => {
      const model = String(request.model);
      calls.push({ kind: 'generate-start', model, request });
      loaded.add(model);
      // Yield so columns that run together interleave.
      await new Promise((resolve) => setTimeout(resolve, 1));
      signal.throwIfAborted();
      if (options.failOn?.(request)) throw new WorkbenchError('bad_input', `${model} has no chat template`, { file: model, field: 'template' });
      const words = [model.split('/').pop()!, 'says', String(request.prompt ?? request.messages?.at(-1)?.content ?? '')];
      let text = '';
      for (const [index, word] of words.entries()) {
        const delta = index === 0 ? word : ` ${word}`;
        text += delta;
        onToken({ sample: 0, delta, token: { id: index, text: delta, logprob: null, top: [], entropy: null, forced: false } });
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      calls.push({ kind: 'generate-end', model });
      const result: GenerationResult = {
        runId: null,
        text,
        tokens: [],
        samples: [{ text, tokens: [], finishReason: 'eog', seed: request.sampling?.seed ?? 0 }],
        renderedPrompt: String(request.prompt ?? ''),
        template: null,
        timings: { loadMs: 0, promptTokens: 3, promptTokensEvaluated: 3, timeToFirstTokenMs: 5, generatedTokens: words.length, tokensPerSecond: 100, totalMs: 10 },
        engine: { nodeLlamaCpp: 'fake', llamaCpp: 'fake', sampler: 'llama.cpp' },
      };
      return result;
    },
    score: async () => {
      throw new Error('not used');
    },
    tokenBytes: () => (_id, text) => new TextEncoder().encode(text),
  };
  return { backend, calls, loaded };
}

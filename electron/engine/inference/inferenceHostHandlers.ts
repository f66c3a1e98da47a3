import { LlamaCompletion, type LlamaModel } from 'node-llama-cpp';
import { z } from 'zod';
import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { readComputeInfo } from './computeInfo.ts';
import { getLlamaRuntime } from './llamaRuntime.ts';

const loadedModels = new Map<string, Promise<LlamaModel>>();

async function loadModelOnce(modelPath: string): Promise<LlamaModel> {
  let model = loadedModels.get(modelPath);
  if (!model) {
    model = getLlamaRuntime().then((llama) => llama.loadModel({ modelPath }));
    loadedModels.set(modelPath, model);
    model.catch(() => loadedModels.delete(modelPath));
  }
  return await model;
}

const rawCompletionParams = z.object({
  modelPath: z.string(),
  prompt: z.string(),
  maxTokens: z.number().int().min(1).max(4096),
  contextSize: z.number().int().min(16).default(256),
  seed: z.number().int().optional(),
  temperature: z.number().min(0).default(0),
});

/** Handlers the inference host serves. Areas add theirs with one spread line in electron/workers/inferenceHost.ts. */
export const inferenceHostHandlers: HostHandlerMap = {
  'compute.info': async () => await readComputeInfo(),

  /** Raw completion with streamed text chunks; the smallest useful generation (the playground builds richer ones). */
  'generate.raw': async (rawParams, { signal, emit }) => {
    const params = rawCompletionParams.parse(rawParams);
    const model = await loadModelOnce(params.modelPath);
    const context = await model.createContext({ contextSize: params.contextSize });
    try {
      const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
      const text = await completion.generateCompletion(params.prompt, {
        maxTokens: params.maxTokens,
        temperature: params.temperature,
        ...(params.seed === undefined ? {} : { seed: params.seed }),
        signal,
        stopOnAbortSignal: false,
        onTextChunk: (chunk) => emit({ text: chunk }),
      });
      return { text };
    } finally {
      await context.dispose();
    }
  },
};

import { z } from 'zod';
import { samplingSchema } from '../../shared/contract/generate.ts';
import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { readComputeInfo } from './computeInfo.ts';
import { distributionInHost } from './distributionInHost.ts';
import { estimateInHost } from './estimateInHost.ts';
import { generateInHost } from './generateInHost.ts';
import { hostModels } from './hostModels.ts';
import {
  hostDistributionSchema,
  hostEstimateSchema,
  hostGenerateSchema,
  hostLoadSchema,
  hostScoreSchema,
  hostUnloadSchema,
} from './hostRequests.ts';
import { scoreInHost } from './scoreInHost.ts';

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

  'generate.run': async (raw, { signal, emit }) => await generateInHost(hostGenerateSchema.parse(raw), signal, emit),
  'generate.score': async (raw, { signal }) => await scoreInHost(hostScoreSchema.parse(raw), signal),
  'generate.distribution': async (raw, { signal }) => await distributionInHost(hostDistributionSchema.parse(raw), signal),

  'models.estimate': async (raw) => {
    const params = hostEstimateSchema.parse(raw);
    return await estimateInHost(params.modelPath, params.contextSize, params.gpuLayers);
  },
  'models.load': async (raw) => {
    const params = hostLoadSchema.parse(raw);
    await hostModels.load(params.modelPath, params.gpuLayers);
    return (await hostModels.list()).find((model) => model.path === params.modelPath);
  },
  'models.unload': async (raw) => ({ unloaded: await hostModels.unload(hostUnloadSchema.parse(raw).modelPath) }),
  'models.loaded': async () => await hostModels.list(),

  /** The smallest streamed completion (plain text chunks), kept for callers that need nothing else. */
  'generate.raw': async (rawParams, { signal, emit }) => {
    const params = rawCompletionParams.parse(rawParams);
    const result = await generateInHost(
      hostGenerateSchema.parse({
        modelPath: params.modelPath,
        contextSize: params.contextSize,
        mode: 'raw',
        prompt: params.prompt,
        messages: [],
        template: null,
        sampling: { ...samplingSchema.parse({ temperature: params.temperature }), seed: params.seed ?? 0 },
        maxTokens: params.maxTokens,
        stop: [],
        logprobs: 0,
        inspect: false,
        samples: 1,
        prefillTokens: [],
      }),
      signal,
      (token) => {
        if (token.delta !== '') emit({ text: token.delta });
      },
    );
    return { text: result.text };
  },
};

import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { HostHandlers } from '../hosts/hostContract.ts';
import { readComputeInfo } from './host/computeInfo.ts';
import { distributionInHost } from './host/distributionInHost.ts';
import { estimateInHost } from './host/estimateInHost.ts';
import { generateInHost } from './host/generateInHost.ts';
import { hostModels } from './host/hostModels.ts';
import { hostGenerateSchema } from './hostRequests.ts';
import type { InferenceHostContract } from './inferenceHostContract.ts';
import { scoreInHost } from './host/scoreInHost.ts';

/** Handlers the inference host serves. Areas add theirs with one spread line in electron/workers/inferenceHost.ts. */
export const inferenceHostHandlers: HostHandlers<
  Pick<InferenceHostContract, 'compute.info' | 'generate.run' | 'generate.score' | 'generate.distribution' | 'generate.raw' | 'models.estimate' | 'models.load' | 'models.unload' | 'models.loaded'>
> = {
  'compute.info': async () => await readComputeInfo(),

  'generate.run': async (request, { signal, emit }) => await generateInHost(request, signal, emit),
  'generate.score': async (request, { signal }) => await scoreInHost(request, signal),
  'generate.distribution': async (request, { signal }) => await distributionInHost(request, signal),

  'models.estimate': async (params) => await estimateInHost(params.modelPath, params.contextSize, params.gpuLayers),
  'models.load': async (params) => {
    await hostModels.load(params.modelPath, params.gpuLayers);
    const state = (await hostModels.list()).find((model) => model.path === params.modelPath);
    if (!state) throw new WorkbenchError('internal', `${params.modelPath} was loaded but is not in the host's list`, { file: params.modelPath });
    return state;
  },
  'models.unload': async (params) => ({ unloaded: await hostModels.unload(params.modelPath) }),
  'models.loaded': async () => await hostModels.list(),

  /** The smallest streamed completion (plain text chunks), kept for callers that need nothing else. */
  'generate.raw': async (params, { signal, emit }) => {
    const result = await generateInHost(
      hostGenerateSchema.parse({
        modelPath: params.modelPath,
        contextSize: params.contextSize,
        prompt: params.prompt,
        sampling: { temperature: params.temperature, seed: params.seed ?? 0 },
        maxTokens: params.maxTokens,
      }),
      signal,
      (token) => {
        if (token.delta !== '') emit({ text: token.delta });
      },
    );
    return { text: result.text };
  },
};

import {
  distributionRequestSchema,
  distributionResultSchema,
  type DistributionRequestInput,
  type DistributionResult,
  type TokenAlternative,
} from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { HostDistributionRequest } from './hostRequests.ts';
import { resolveAdapters } from './resolveAdapters.ts';

/** The next-token distribution after a prompt, before and after each sampling stage (the sampler view). */
export async function samplerView(services: EngineServices, input: DistributionRequestInput, signal?: AbortSignal): Promise<DistributionResult> {
  const request = distributionRequestSchema.parse(input);
  const model = new ModelLibrary(services.db).resolve(request.model);
  const { model: _model, adapters, ...fields } = request;
  const hostRequest: HostDistributionRequest = { ...fields, modelPath: model.path, gpuLayers: 'auto', adapters: resolveAdapters(services.db, adapters) };
  return distributionResultSchema.parse(await services.hosts.inference.request('generate.distribution', hostRequest, signal ? { signal } : {}));
}

/** The model's K most likely next tokens with log-probabilities (its own distribution, no sampling settings). */
export async function topNextTokens(
  services: EngineServices,
  input: Omit<DistributionRequestInput, 'top' | 'sampling'> & { k: number },
  signal?: AbortSignal,
): Promise<TokenAlternative[]> {
  const { k, ...rest } = input;
  const view = await samplerView(services, { ...rest, top: k }, signal);
  const modelStage = view.stages.find((stage) => stage.stage === 'model');
  return (modelStage?.tokens ?? []).map((token) => ({ id: token.id, text: token.text, logprob: Math.log(token.p) }));
}

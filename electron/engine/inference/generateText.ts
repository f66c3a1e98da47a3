import { randomInt } from 'node:crypto';
import {
  generationRequestSchema,
  generationResultSchema,
  type GenerationRequest,
  type GenerationRequestInput,
  type GenerationResult,
  type RunSource,
  type StreamedToken,
} from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { ModelLibrary, type ResolvedModel } from '../models/modelLibrary.ts';
import type { HostGenerateRequest } from './hostRequests.ts';
import { recordRun } from './recordRun.ts';
import { resolveAdapters } from './resolveAdapters.ts';

export interface GenerateOptions {
  readonly signal?: AbortSignal;
  /** Every token as it is produced (and text released at the end, with token null). */
  readonly onToken?: (token: StreamedToken) => void;
  /** Where the run is saved in history; null: not saved. */
  readonly source?: RunSource | null;
}

/** A parsed generation request with its model, adapters and seed resolved: what the inference host is asked. */
export interface PreparedGeneration {
  readonly request: GenerationRequest;
  readonly model: ResolvedModel;
  readonly adapters: ReturnType<typeof resolveAdapters>;
  /** The request's seed, or the random one chosen for it (the result and the history report it). */
  readonly seed: number;
  readonly hostRequest: HostGenerateRequest;
}

export function prepareGeneration(services: EngineServices, input: GenerationRequestInput): PreparedGeneration {
  const request = generationRequestSchema.parse(input);
  const model = new ModelLibrary(services.db).resolve(request.model);
  const adapters = resolveAdapters(services.db, request.adapters);
  const seed = request.sampling.seed ?? randomInt(0, 0xffff_ffff);
  // Every other field goes to the host as the app's contract parsed it (hostGenerateSchema is derived from it).
  const { model: _model, adapters: _adapters, ...fields } = request;
  const hostRequest: HostGenerateRequest = { ...fields, modelPath: model.path, gpuLayers: 'auto', adapters, sampling: { ...request.sampling, seed } };
  return { request, model, adapters, seed, hostRequest };
}

/**
 * Saves a finished generation in run history and returns the result with its run id. `savedRequest` is what a
 * re-run replays (default: the request with its seed filled in).
 */
export async function saveGeneration(
  services: EngineServices,
  source: RunSource,
  prepared: PreparedGeneration,
  result: GenerationResult,
  savedRequest: GenerationRequest = { ...prepared.request, sampling: { ...prepared.request.sampling, seed: prepared.seed } },
): Promise<GenerationResult> {
  const { request, model, adapters, seed } = prepared;
  const runId = await recordRun(services, {
    kind: 'generate',
    source,
    model,
    adapters,
    request: savedRequest,
    template: result.template,
    seed,
    engine: result.engine,
    promptText: request.mode === 'chat' ? request.messages.map((message) => `${message.role}: ${message.content}`).join('\n') : request.prompt,
    outputText: result.samples.map((sample) => sample.text).join('\n\n'),
    finishReason: result.samples[0]?.finishReason ?? null,
    result: { ...result },
  });
  return { ...result, runId };
}

/**
 * Generates text with a library model (plus adapters): the function the playground, compare, the hallucination
 * lab and the OpenAI-compatible API all call. A null seed is replaced by a random one that the result reports,
 * so every run can be reproduced.
 */
export async function generateText(services: EngineServices, input: GenerationRequestInput, options: GenerateOptions = {}): Promise<GenerationResult> {
  const prepared = prepareGeneration(services, input);
  const raw = await services.hosts.inference.request('generate.run', prepared.hostRequest, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onToken ? { onEvent: (event) => options.onToken?.(event) } : {}),
  });
  const result = generationResultSchema.parse({ ...raw, runId: null });
  if (options.source === null || options.source === undefined) return result;
  return saveGeneration(services, options.source, prepared, result);
}

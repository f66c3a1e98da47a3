import { randomInt } from 'node:crypto';
import {
  generationRequestSchema,
  generationResultSchema,
  type GenerationRequest,
  type GenerationRequestInput,
  type GenerationResult,
  type StreamedToken,
} from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { recordRun } from '../inference/recordRun.ts';
import { resolveAdapters } from '../inference/resolveAdapters.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { HostStructuredInput } from './structuredInHost.ts';

/**
 * A chat or raw generation constrained to a JSON schema (response_format json_schema), saved in history as an
 * 'api' run. The saved request carries the schema next to the usual fields, so a re-run (which has no grammar)
 * is refused rather than silently producing unconstrained text.
 */
export async function generateStructured(
  services: EngineServices,
  input: GenerationRequestInput,
  jsonSchema: Record<string, unknown>,
  options: { signal: AbortSignal; onToken?: (token: StreamedToken) => void },
): Promise<GenerationResult> {
  const request = generationRequestSchema.parse(input);
  const model = new ModelLibrary(services.db).resolve(request.model);
  const adapters = resolveAdapters(services.db, request.adapters);
  const seed = request.sampling.seed ?? randomInt(0, 0xffff_ffff);
  const hostRequest: HostStructuredInput = {
    modelPath: model.path,
    adapters,
    contextSize: request.contextSize,
    mode: request.mode,
    prompt: request.prompt,
    messages: request.messages,
    template: request.template,
    sampling: { ...request.sampling, seed },
    maxTokens: request.maxTokens,
    stop: request.stop,
    logprobs: 0,
    inspect: false,
    samples: 1,
    prefillTokens: [],
    jsonSchema,
  };
  const raw = await services.hosts.inference.request('openai.generateStructured', hostRequest, {
    signal: options.signal,
    ...(options.onToken ? { onEvent: (event) => options.onToken?.(event as StreamedToken) } : {}),
  });
  const result = generationResultSchema.parse({ ...(raw as object), runId: null });
  const withSeed: GenerationRequest = { ...request, sampling: { ...request.sampling, seed } };
  const savedRequest: GenerationRequest & { jsonSchema: Record<string, unknown> } = { ...withSeed, jsonSchema };
  const runId = await recordRun(services, {
    kind: 'generate',
    source: 'api',
    model,
    adapters,
    request: savedRequest,
    template: result.template,
    seed,
    engine: result.engine,
    promptText: request.mode === 'chat' ? request.messages.map((message) => `${message.role}: ${message.content}`).join('\n') : request.prompt,
    outputText: result.text,
    finishReason: result.samples[0]?.finishReason ?? null,
    result: { ...result },
  });
  return { ...result, runId };
}

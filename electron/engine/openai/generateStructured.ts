import {
  generationResultSchema,
  type GenerationRequest,
  type GenerationRequestInput,
  type GenerationResult,
  type StreamedToken,
} from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { prepareGeneration, saveGeneration } from '../inference/generateText.ts';
import type { HostStructuredInput } from '../inference/hostRequests.ts';

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
  const prepared = prepareGeneration(services, input);
  // one constrained sample, no alternatives: the grammar path in the host supports nothing else
  const hostRequest: HostStructuredInput = { ...prepared.hostRequest, logprobs: 0, inspect: false, samples: 1, prefillTokens: [], jsonSchema };
  const raw = await services.hosts.inference.request('openai.generateStructured', hostRequest, {
    signal: options.signal,
    ...(options.onToken ? { onEvent: (event) => options.onToken?.(event) } : {}),
  });
  const result = generationResultSchema.parse({ ...raw, runId: null });
  const { request, seed } = prepared;
  const savedRequest: GenerationRequest & { jsonSchema: Record<string, unknown> } = { ...request, sampling: { ...request.sampling, seed }, jsonSchema };
  return saveGeneration(services, 'api', prepared, result, savedRequest);
}

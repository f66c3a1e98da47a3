import { scoreRequestSchema, scoreResultSchema, type RunSource, type ScoreRequestInput, type ScoreResult } from '../../shared/contract/generate.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EngineServices } from '../engineServices.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { HostScoreInput } from './hostRequests.ts';
import { recordRun } from './recordRun.ts';
import { resolveAdapters } from './resolveAdapters.ts';

/**
 * Per-token log-probabilities of a text under a model (plus adapters), with loss and perplexity: the playground's
 * heat map, compare's shift view and the hallucination lab's likelihood checks. `source` null: not saved.
 */
export async function scoreText(
  services: EngineServices,
  input: ScoreRequestInput,
  options: { signal?: AbortSignal; source?: RunSource | null } = {},
): Promise<ScoreResult> {
  const request = scoreRequestSchema.parse(input);
  if (request.text === '' && (request.tokens?.length ?? 0) === 0) {
    throw new WorkbenchError('bad_input', 'Give a text (or tokens) to score', { field: 'text' }, reason('score_needs_text', {}));
  }
  const model = new ModelLibrary(services.db).resolve(request.model);
  const adapters = resolveAdapters(services.db, request.adapters);
  const hostRequest: HostScoreInput = {
    modelPath: model.path,
    adapters,
    contextSize: request.contextSize,
    mode: request.mode,
    prompt: request.prefix,
    messages: request.messages,
    template: request.template,
    text: request.text,
    tokens: request.tokens,
    top: request.top,
  };
  const raw = await services.hosts.inference.request('generate.score', hostRequest, options.signal ? { signal: options.signal } : {});
  const result = scoreResultSchema.parse({ ...raw, runId: null });
  if (options.source === null || options.source === undefined) return result;
  const runId = await recordRun(services, {
    kind: 'score',
    source: options.source,
    model,
    adapters,
    request,
    template: request.mode === 'chat' ? request.template : null,
    seed: null,
    engine: {},
    promptText: request.text || result.tokens.map((token) => token.text).join(''),
    outputText: result.loss === null ? '' : `loss ${result.loss.toFixed(4)}, perplexity ${result.perplexity?.toFixed(3)}`,
    finishReason: null,
    result: { ...result },
  });
  return { ...result, runId };
}

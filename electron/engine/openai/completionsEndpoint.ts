import type { StreamedToken } from '../../shared/contract/generate.ts';
import { generateText } from '../inference/generateText.ts';
import { echoCompletion } from './echoCompletion.ts';
import { resolveApiModel } from './modelIdResolver.ts';
import { sendOpenAiJson, type OpenAiCall, type OpenAiContext } from './openAiContext.ts';
import { toOpenAiError } from './openAiError.ts';
import { completionRequestSchema } from './openAiRequestSchemas.ts';
import { completionBody, completionLogprobs, newCompletionId, openAiFinishReason, unixNow, usageOf } from './openAiResponses.ts';
import { parseOpenAiRequest, readOpenAiJson } from './parseOpenAiBody.ts';
import { SseWriter } from './sseWriter.ts';
import { completionToGeneration } from './toGenerationRequest.ts';

/** POST /v1/completions: the prompt as raw text (no chat template), with legacy-style logprobs; `echo: true` scores the prompt itself. */
export async function completionsEndpoint(context: OpenAiContext, { request, response, signal }: OpenAiCall): Promise<void> {
  const raw = await readOpenAiJson(request);
  if (typeof raw === 'object' && raw !== null && (raw as { echo?: unknown }).echo === true) {
    await echoCompletion(context, { request, response, signal }, raw);
    return;
  }
  const body = parseOpenAiRequest(completionRequestSchema, raw);
  const model = await resolveApiModel(context.services.db, context.adapters, body.model);
  const generation = completionToGeneration(body, model);
  const logprobs = body.logprobs ?? null;
  if (body.stream !== true) {
    const result = await context.queue.run(model.entry.path, signal, () => generateText(context.services, generation, { signal, source: 'api' }));
    sendOpenAiJson(response, completionBody(result, model.id, logprobs));
    return;
  }
  const id = newCompletionId('cmpl');
  const created = unixNow();
  const sse = new SseWriter(response);
  const chunk = (choices: unknown[], extra: object = {}): void => sse.send({ id, object: 'text_completion', created, model: model.id, choices, ...extra });
  const offsets = new Map<number, number>();
  const onToken = (token: StreamedToken): void => {
    const offset = offsets.get(token.sample) ?? 0;
    const tokenLogprobs = logprobs !== null && token.token ? completionLogprobs([token.token], logprobs, offset) : null;
    if (token.delta === '' && tokenLogprobs === null) return;
    offsets.set(token.sample, offset + (token.token?.text.length ?? 0));
    chunk([{ index: token.sample, text: token.delta, logprobs: tokenLogprobs, finish_reason: null }]);
  };
  try {
    const result = await context.queue.run(model.entry.path, signal, () => generateText(context.services, generation, { signal, source: 'api', onToken }));
    result.samples.forEach((sample, index) => chunk([{ index, text: '', logprobs: null, finish_reason: openAiFinishReason(sample.finishReason) }]));
    if (body.stream_options?.include_usage === true) chunk([], { usage: usageOf(result) });
    sse.done();
  } catch (error) {
    if (!response.headersSent) throw error;
    sse.fail(toOpenAiError(error).body());
  }
}

import type { GenerationRequestInput, GenerationResult, StreamedToken } from '../../shared/contract/generate.ts';
import { generateText } from '../inference/generateText.ts';
import { generateStructured } from './generateStructured.ts';
import { resolveApiModel } from './modelIdResolver.ts';
import { sendOpenAiJson, type OpenAiCall, type OpenAiContext } from './openAiContext.ts';
import { badRequest, toOpenAiError } from './openAiError.ts';
import { chatCompletionRequestSchema, type ChatCompletionRequest } from './openAiRequestSchemas.ts';
import { chatCompletionBody, chatTokenLogprob, newCompletionId, openAiFinishReason, unixNow, usageOf } from './openAiResponses.ts';
import { parseOpenAiRequest, readOpenAiJson } from './parseOpenAiBody.ts';
import { SseWriter } from './sseWriter.ts';
import { chatToGeneration, chatTopLogprobs } from './toGenerationRequest.ts';

type Generate = (onToken: ((token: StreamedToken) => void) | undefined) => Promise<GenerationResult>;

/** Plain generation, or grammar-constrained when the client asked for a JSON schema. */
function generatorFor(context: OpenAiContext, body: ChatCompletionRequest, generation: GenerationRequestInput, signal: AbortSignal): Generate {
  const format = body.response_format;
  if (format?.type !== 'json_schema') {
    return (onToken) => generateText(context.services, generation, { signal, source: 'api', ...(onToken ? { onToken } : {}) });
  }
  if (body.logprobs === true) throw badRequest('logprobs cannot be combined with response_format json_schema here', 'logprobs', 'unsupported_combination');
  if ((body.n ?? 1) !== 1) throw badRequest('response_format json_schema supports n = 1 only', 'n', 'unsupported_combination');
  return (onToken) => generateStructured(context.services, generation, format.json_schema.schema, { signal, ...(onToken ? { onToken } : {}) });
}

/** POST /v1/chat/completions: the model's chat template, optionally streamed as server-sent events. */
export async function chatCompletionsEndpoint(context: OpenAiContext, { request, response, signal }: OpenAiCall): Promise<void> {
  const body = parseOpenAiRequest(chatCompletionRequestSchema, await readOpenAiJson(request));
  const model = await resolveApiModel(context.services.db, context.adapters, body.model);
  const topLogprobs = chatTopLogprobs(body);
  const generate = generatorFor(context, body, chatToGeneration(body, model), signal);
  if (body.stream !== true) {
    const result = await context.queue.run(model.entry.path, signal, () => generate(undefined));
    sendOpenAiJson(response, chatCompletionBody(result, model.id, topLogprobs));
    return;
  }
  const id = newCompletionId('chatcmpl');
  const created = unixNow();
  const sse = new SseWriter(response);
  const chunk = (choices: unknown[], extra: object = {}): void =>
    sse.send({ id, object: 'chat.completion.chunk', created, model: model.id, choices, ...extra });
  const opened = new Set<number>();
  // The stream (and its 200) starts with the first token, so a request that fails before it gets a real status.
  const onToken = (token: StreamedToken): void => {
    const logprobs = topLogprobs !== null && token.token ? { content: [chatTokenLogprob(token.token, topLogprobs)] } : null;
    if (token.delta === '' && logprobs === null) return;
    const role = opened.has(token.sample) ? {} : { role: 'assistant' };
    opened.add(token.sample);
    chunk([{ index: token.sample, delta: { ...role, content: token.delta }, logprobs, finish_reason: null }]);
  };
  try {
    const result = await context.queue.run(model.entry.path, signal, () => generate(onToken));
    result.samples.forEach((sample, index) =>
      chunk([{ index, delta: opened.has(index) ? {} : { role: 'assistant', content: '' }, logprobs: null, finish_reason: openAiFinishReason(sample.finishReason) }]),
    );
    if (body.stream_options?.include_usage === true) chunk([], { usage: usageOf(result) });
    sse.done();
  } catch (error) {
    if (!response.headersSent) throw error;
    sse.fail(toOpenAiError(error).body());
  }
}

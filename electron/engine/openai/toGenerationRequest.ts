import type { ChatMessage, GenerationRequestInput, SamplingInput } from '../../shared/contract/generate.ts';
import type { ApiModel } from './modelIdResolver.ts';
import { badRequest } from './openAiError.ts';
import type { ChatCompletionRequest, CompletionRequest, SamplingFields } from './openAiRequestSchemas.ts';

/** OpenAI's defaults where it documents one (temperature 1, top_p 1); llama.cpp's for its own knobs. */
function samplingFrom(body: SamplingFields): SamplingInput {
  return {
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    ...(body.top_k != null ? { topK: body.top_k } : {}),
    ...(body.min_p != null ? { minP: body.min_p } : {}),
    ...(body.repeat_penalty != null ? { repeatPenalty: body.repeat_penalty } : {}),
    presencePenalty: body.presence_penalty ?? 0,
    frequencyPenalty: body.frequency_penalty ?? 0,
    seed: body.seed ?? null,
  };
}

const stopsFrom = (stop: SamplingFields['stop']): string[] => (stop == null ? [] : typeof stop === 'string' ? [stop] : stop);

/** Chat without max_tokens runs until the model ends its turn or the context is full, as OpenAI's does. */
const UNLIMITED = 32_768;
/** The legacy completions endpoint's documented default. */
const COMPLETION_DEFAULT_TOKENS = 16;

function chatMessages(body: ChatCompletionRequest): ChatMessage[] {
  return body.messages.map((message) => {
    const content = message.content == null ? '' : typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');
    return { role: message.role === 'developer' ? 'system' : message.role, content };
  });
}

/** Alternatives the engine must report so each token's own log-probability is known (its logprob needs ≥ 1). */
export const engineLogprobs = (wanted: number | null): number => (wanted === null ? 0 : Math.max(1, wanted));

/** How many alternatives a chat request wants per token; null when it wants no log-probabilities. */
export function chatTopLogprobs(body: ChatCompletionRequest): number | null {
  if (body.top_logprobs != null && body.logprobs !== true) throw badRequest('top_logprobs needs logprobs: true', 'top_logprobs');
  return body.logprobs === true ? (body.top_logprobs ?? 0) : null;
}

export function chatToGeneration(body: ChatCompletionRequest, model: ApiModel): GenerationRequestInput {
  return {
    model: model.entry.id,
    adapters: model.adapters,
    mode: 'chat',
    messages: chatMessages(body),
    sampling: samplingFrom(body),
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? UNLIMITED,
    stop: stopsFrom(body.stop),
    logprobs: engineLogprobs(chatTopLogprobs(body)),
    samples: body.n ?? 1,
  };
}

export function completionToGeneration(body: CompletionRequest, model: ApiModel): GenerationRequestInput {
  return {
    model: model.entry.id,
    adapters: model.adapters,
    mode: 'raw',
    prompt: typeof body.prompt === 'string' ? body.prompt : (body.prompt[0] ?? ''),
    sampling: samplingFrom(body),
    maxTokens: body.max_tokens ?? COMPLETION_DEFAULT_TOKENS,
    stop: stopsFrom(body.stop),
    logprobs: engineLogprobs(body.logprobs ?? null),
    samples: body.n ?? 1,
  };
}

import { randomUUID } from 'node:crypto';
import type { FinishReason, GeneratedToken, GenerationResult } from '../../shared/contract/generate.ts';

/** OpenAI has no "end of generation" vs "stop string": both are `stop`. */
export const openAiFinishReason = (reason: FinishReason): 'stop' | 'length' => (reason === 'length' ? 'length' : 'stop');

export const newCompletionId = (prefix: 'chatcmpl' | 'cmpl'): string => `${prefix}-${randomUUID().replaceAll('-', '')}`;
export const unixNow = (): number => Math.floor(Date.now() / 1000);

const bytesOf = (text: string): number[] => [...Buffer.from(text, 'utf8')];

export function usageOf(result: GenerationResult): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return {
    prompt_tokens: result.timings.promptTokens,
    completion_tokens: result.timings.generatedTokens,
    total_tokens: result.timings.promptTokens + result.timings.generatedTokens,
  };
}

/** One token in the chat API's `logprobs.content` form. */
export function chatTokenLogprob(token: GeneratedToken, top: number): unknown {
  return {
    token: token.text,
    logprob: token.logprob ?? 0,
    bytes: bytesOf(token.text),
    top_logprobs: token.top.slice(0, top).map((alternative) => ({ token: alternative.text, logprob: alternative.logprob, bytes: bytesOf(alternative.text) })),
  };
}

export function chatCompletionBody(result: GenerationResult, model: string, topLogprobs: number | null): unknown {
  return {
    id: newCompletionId('chatcmpl'),
    object: 'chat.completion',
    created: unixNow(),
    model,
    system_fingerprint: `llama.cpp-${result.engine.llamaCpp}`,
    choices: result.samples.map((sample, index) => ({
      index,
      message: { role: 'assistant', content: sample.text, refusal: null },
      logprobs: topLogprobs === null ? null : { content: sample.tokens.map((token) => chatTokenLogprob(token, topLogprobs)), refusal: null },
      finish_reason: openAiFinishReason(sample.finishReason),
    })),
    usage: usageOf(result),
  };
}

/** The legacy completions `logprobs` object: parallel arrays, alternatives as {token: logprob} maps. */
export function completionLogprobs(tokens: readonly GeneratedToken[], top: number, startOffset = 0): unknown {
  const offsets: number[] = [];
  let offset = startOffset;
  for (const token of tokens) {
    offsets.push(offset);
    offset += token.text.length;
  }
  return {
    tokens: tokens.map((token) => token.text),
    token_logprobs: tokens.map((token) => token.logprob),
    top_logprobs: tokens.map((token) => Object.fromEntries(token.top.slice(0, top).map((alternative) => [alternative.text, alternative.logprob]))),
    text_offset: offsets,
  };
}

export function completionBody(result: GenerationResult, model: string, logprobs: number | null): unknown {
  return {
    id: newCompletionId('cmpl'),
    object: 'text_completion',
    created: unixNow(),
    model,
    system_fingerprint: `llama.cpp-${result.engine.llamaCpp}`,
    choices: result.samples.map((sample, index) => ({
      index,
      text: sample.text,
      logprobs: logprobs === null ? null : completionLogprobs(sample.tokens, logprobs),
      finish_reason: openAiFinishReason(sample.finishReason),
    })),
    usage: usageOf(result),
  };
}

import { z } from 'zod';

/**
 * OpenAI request bodies, as far as this engine can honour them. Unknown fields are ignored (clients send `user`,
 * `store`, `metadata` …), but fields we cannot honour (tools, audio) are refused with a 400 rather than silently
 * dropped. llama-server's non-standard sampling knobs (top_k, min_p, repeat_penalty) are accepted too.
 */
const stopSchema = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(16)]).nullish();

const samplingFields = {
  model: z.string().trim().min(1).max(4096),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).max(100_000).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repeat_penalty: z.number().min(0.1).max(5).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().min(0).max(0xffff_ffff).nullish(),
  max_tokens: z.number().int().min(1).max(32_768).nullish(),
  stop: stopSchema,
  n: z.number().int().min(1).max(16).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
};
export type SamplingFields = z.infer<z.ZodObject<typeof samplingFields>>;

const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });
const contentSchema = z.union([z.string(), z.array(textPartSchema)]);

export const chatMessageInputSchema = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer', 'user']), content: contentSchema, name: z.string().optional() }),
  z.object({ role: z.literal('assistant'), content: contentSchema.nullish(), name: z.string().optional() }),
]);

export const jsonSchemaFormat = z.object({
  type: z.literal('json_schema'),
  json_schema: z.object({ name: z.string().min(1).max(64), schema: z.record(z.string(), z.unknown()), strict: z.boolean().nullish() }),
});

export const chatCompletionRequestSchema = z.object({
  ...samplingFields,
  messages: z.array(chatMessageInputSchema).min(1).max(500),
  max_completion_tokens: z.number().int().min(1).max(32_768).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  response_format: z.union([z.object({ type: z.literal('text') }), jsonSchemaFormat]).nullish(),
  tools: z.array(z.unknown()).max(0, 'tools (function calling) are not supported by this server').nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const completionRequestSchema = z.object({
  ...samplingFields,
  prompt: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).length(1, 'exactly one prompt per request is supported')]),
  /** Legacy completions: alternatives per token, 0–5 (0 still reports each token's own log-probability). */
  logprobs: z.number().int().min(0).max(5).nullish(),
  // echo: true is a different request (echoCompletionRequestSchema); here it can only be false.
  echo: z.literal(false, 'echo: true takes max_tokens 0 or 1 and no stream').nullish(),
  suffix: z.null('suffix (fill-in-the-middle) is not supported').nullish(),
});
export type CompletionRequest = z.infer<typeof completionRequestSchema>;

const tokenIdsSchema = z.array(z.number().int().min(0)).min(1).max(1_000_000);

/**
 * Legacy completions with `echo: true`: the prompt's own tokens with their log-probabilities, what
 * lm-evaluation-harness's `local-completions` model sends for loglikelihood tasks ({"prompt": [[token ids]],
 * "max_tokens": 1, "logprobs": 1, "echo": true, "temperature": 0, "seed": 1234}; older versions and other
 * clients send text and max_tokens 0). max_tokens 1 adds the greedy next token after the prompt's.
 */
export const echoCompletionRequestSchema = z.object({
  model: z.string().trim().min(1).max(4096),
  prompt: z.union([
    z.string().min(1).max(1_000_000),
    z.array(z.string().min(1).max(1_000_000)).min(1).max(64),
    tokenIdsSchema,
    z.array(tokenIdsSchema).min(1).max(64),
  ]),
  echo: z.literal(true),
  max_tokens: z.number().int().min(0).max(1, 'with echo, max_tokens is 0 (the prompt only) or 1 (plus the greedy next token)').nullish(),
  logprobs: z.number().int().min(0).max(20).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  seed: z.number().int().min(0).max(0xffff_ffff).nullish(),
  n: z.literal(1, 'with echo, n is 1').nullish(),
  stream: z.literal(false, 'echo is not streamed').nullish(),
  stop: stopSchema,
  suffix: z.null('suffix (fill-in-the-middle) is not supported').nullish(),
});
export type EchoCompletionRequest = z.infer<typeof echoCompletionRequestSchema>;

export const embeddingRequestSchema = z.object({
  model: z.string().trim().min(1).max(4096),
  input: z.union([z.string().max(1_000_000), z.array(z.string().max(1_000_000)).min(1).max(256)]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
});
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;

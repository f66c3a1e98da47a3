import { z } from 'zod';
import { method } from './define.ts';
import { modelRefSchema } from './models.ts';

/**
 * Sampling as llama.cpp applies it: penalties, then top-k → top-p → min-p, then temperature, then a seeded draw.
 * temperature 0 is greedy (always the most likely token).
 */
export const samplingSchema = z
  .object({
    temperature: z.number().min(0).max(5).default(0.8),
    /** 0 disables top-k. */
    topK: z.number().int().min(0).max(100_000).default(40),
    /** 1 disables top-p. */
    topP: z.number().min(0).max(1).default(0.95),
    /** 0 disables min-p. */
    minP: z.number().min(0).max(1).default(0.05),
    /** 1 disables it; >1 makes recently seen tokens less likely. */
    repeatPenalty: z.number().min(0.1).max(5).default(1),
    presencePenalty: z.number().min(-2).max(2).default(0),
    frequencyPenalty: z.number().min(-2).max(2).default(0),
    /** How many of the last tokens (prompt included) the penalties look at. */
    penaltyLastN: z.number().int().min(0).max(4096).default(64),
    /** null: a random seed is drawn and recorded, so the run can still be reproduced. */
    seed: z.number().int().min(0).max(0xffff_ffff).nullable().default(null),
  })
  .strict();
export type Sampling = z.infer<typeof samplingSchema>;
export type SamplingInput = z.input<typeof samplingSchema>;

export const chatRoleSchema = z.enum(['system', 'user', 'assistant']);
export const chatMessageSchema = z.object({ role: chatRoleSchema, content: z.string() }).strict();
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A LoRA adapter applied at inference: a GGUF adapter path (or an adapter id the library knows) and its scale. */
export const adapterRefSchema = z.object({ adapter: z.string().trim().min(1).max(4096), scale: z.number().min(-4).max(4).default(1) }).strict();
export type AdapterRef = z.infer<typeof adapterRefSchema>;

export const generationModeSchema = z.enum(['raw', 'chat']);
export type GenerationMode = z.infer<typeof generationModeSchema>;

export const generationRequestSchema = z
  .object({
    model: modelRefSchema,
    adapters: z.array(adapterRefSchema).max(8).default([]),
    /** raw: the model continues `prompt`. chat: `messages` go through the chat template, the model answers. */
    mode: generationModeSchema.default('raw'),
    prompt: z.string().max(1_000_000).default(''),
    messages: z.array(chatMessageSchema).max(500).default([]),
    /** Chat mode: a Jinja template to use instead of the GGUF's own `tokenizer.chat_template`. */
    template: z.string().max(200_000).nullable().default(null),
    sampling: samplingSchema.default(() => samplingSchema.parse({})),
    maxTokens: z.number().int().min(1).max(32_768).default(256),
    stop: z.array(z.string().min(1).max(200)).max(16).default([]),
    /** Alternatives to report per generated token (with their log-probabilities), 0–20. */
    logprobs: z.number().int().min(0).max(20).default(0),
    /** Also report each token's entropy (needs the whole next-token distribution, so it is slower). */
    inspect: z.boolean().default(false),
    /** Independent completions of the same prompt; sample i uses seed + i: its tokens are a single sample's with that seed, logprobs or not. */
    samples: z.number().int().min(1).max(16).default(1),
    /** null: the model's training context, at most 4096. */
    contextSize: z.number().int().min(64).max(1_048_576).nullable().default(null),
    /** Tokens forced after the prompt, as if the model had generated them ("branch from here"). */
    prefillTokens: z.array(z.number().int().min(0)).max(32_768).default([]),
  })
  .strict();
export type GenerationRequest = z.infer<typeof generationRequestSchema>;
export type GenerationRequestInput = z.input<typeof generationRequestSchema>;

export const tokenAlternativeSchema = z.object({ id: z.number().int(), text: z.string(), logprob: z.number() });
export type TokenAlternative = z.infer<typeof tokenAlternativeSchema>;

export const generatedTokenSchema = z.object({
  id: z.number().int(),
  /** The token on its own (special tokens spelled out); may be part of a multi-byte character. */
  text: z.string(),
  /** log P(token) under the model's own distribution (before sampling settings); null when not requested. */
  logprob: z.number().nullable(),
  /** The most likely tokens at this position, best first; empty when not requested. */
  top: z.array(tokenAlternativeSchema),
  /** Entropy of the model's next-token distribution in nats; null unless `inspect`. */
  entropy: z.number().nullable(),
  /** True for prefill tokens (forced, not sampled). */
  forced: z.boolean(),
});
export type GeneratedToken = z.infer<typeof generatedTokenSchema>;

export const finishReasonSchema = z.enum(['eog', 'stop', 'length', 'cancelled']);
export type FinishReason = z.infer<typeof finishReasonSchema>;

export const sampleResultSchema = z.object({
  text: z.string(),
  tokens: z.array(generatedTokenSchema),
  finishReason: finishReasonSchema,
  seed: z.number().int(),
});
export type SampleResult = z.infer<typeof sampleResultSchema>;

export const timingsSchema = z.object({
  /** Loading the model (0 when it was already loaded). */
  loadMs: z.number(),
  promptTokens: z.number().int(),
  /** Prompt tokens actually evaluated (the rest were reused from the previous run's cache). */
  promptTokensEvaluated: z.number().int(),
  /** From the request reaching the inference host to the first generated token. */
  timeToFirstTokenMs: z.number().nullable(),
  generatedTokens: z.number().int(),
  /** Decode speed after the first token, all samples together. */
  tokensPerSecond: z.number().nullable(),
  totalMs: z.number(),
});
export type Timings = z.infer<typeof timingsSchema>;

export const engineInfoSchema = z.object({
  nodeLlamaCpp: z.string(),
  llamaCpp: z.string(),
  /** 'llama.cpp': its native sampler chain (always, except below). 'workbench': ours, only where the distribution is shown and the direct decode loop does not apply (runSample.ts). */
  sampler: z.enum(['llama.cpp', 'workbench']),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

export const generationResultSchema = z.object({
  /** The history entry this run was saved as (null when not recorded). */
  runId: z.string().nullable(),
  /** Sample 0, for the common single-sample case. */
  text: z.string(),
  tokens: z.array(generatedTokenSchema),
  samples: z.array(sampleResultSchema),
  /** The exact text the model saw (chat mode: the rendered template). */
  renderedPrompt: z.string(),
  /** The template used in chat mode, null in raw mode. */
  template: z.string().nullable(),
  timings: timingsSchema,
  engine: engineInfoSchema,
});
export type GenerationResult = z.infer<typeof generationResultSchema>;

/** One streamed token, sent as job.progress data items while a generate job runs. */
export const streamedTokenSchema = z.object({
  sample: z.number().int(),
  /** Text to append to the sample's output (complete characters only; stop strings never appear). */
  delta: z.string(),
  /** null for text released only at the end (a held-back partial character or the start of a stop string). */
  token: generatedTokenSchema.nullable(),
});
export type StreamedToken = z.infer<typeof streamedTokenSchema>;

export const scoreRequestSchema = z
  .object({
    model: modelRefSchema,
    adapters: z.array(adapterRefSchema).max(8).default([]),
    /** The text whose tokens are scored. */
    text: z.string().max(1_000_000).default(''),
    /** Token ids to score instead of tokenizing `text` (exactly what a generation produced, same tokenizer). */
    tokens: z.array(z.number().int().min(0)).max(1_000_000).nullable().default(null),
    /** raw: `prefix` + `text` as plain text. chat: `messages` rendered with the template, `text` as the assistant's answer. */
    mode: generationModeSchema.default('raw'),
    /** Context the scored text is conditioned on (not scored itself). */
    prefix: z.string().max(1_000_000).default(''),
    messages: z.array(chatMessageSchema).max(500).default([]),
    template: z.string().max(200_000).nullable().default(null),
    /** Alternatives per position, 0–20 (for heat-map tooltips and shift views). */
    top: z.number().int().min(0).max(20).default(0),
    contextSize: z.number().int().min(64).max(1_048_576).nullable().default(null),
  })
  .strict();
export type ScoreRequest = z.infer<typeof scoreRequestSchema>;
export type ScoreRequestInput = z.input<typeof scoreRequestSchema>;

export const scoredTokenSchema = z.object({
  id: z.number().int(),
  text: z.string(),
  /** log P(token | everything before it); null for a first token with nothing before it. */
  logprob: z.number().nullable(),
  top: z.array(tokenAlternativeSchema),
});
export type ScoredToken = z.infer<typeof scoredTokenSchema>;

export const scoreResultSchema = z.object({
  runId: z.string().nullable(),
  tokens: z.array(scoredTokenSchema),
  /** Mean negative log-likelihood per scored token, in nats. */
  loss: z.number().nullable(),
  /** exp(loss). */
  perplexity: z.number().nullable(),
  scoredTokens: z.number().int(),
  totalMs: z.number(),
});
export type ScoreResult = z.infer<typeof scoreResultSchema>;

export const samplerStageNameSchema = z.enum(['model', 'penalties', 'topK', 'topP', 'minP', 'temperature']);
export type SamplerStageName = z.infer<typeof samplerStageNameSchema>;

export const samplerStageSchema = z.object({
  stage: samplerStageNameSchema,
  /** Tokens still possible after this stage. */
  kept: z.number().int(),
  entropy: z.number(),
  /** The same tokens at every stage (the model's most likely ones), with their probability after this stage. */
  tokens: z.array(z.object({ id: z.number().int(), text: z.string(), p: z.number() })),
});
export type SamplerStage = z.infer<typeof samplerStageSchema>;

export const distributionRequestSchema = generationRequestSchema
  .pick({ model: true, adapters: true, mode: true, prompt: true, messages: true, template: true, sampling: true, contextSize: true, prefillTokens: true })
  .extend({ top: z.number().int().min(1).max(100).default(20) })
  .strict();
export type DistributionRequest = z.infer<typeof distributionRequestSchema>;
export type DistributionRequestInput = z.input<typeof distributionRequestSchema>;

export const distributionResultSchema = z.object({
  contextTokens: z.number().int(),
  vocabularySize: z.number().int(),
  stages: z.array(samplerStageSchema),
});
export type DistributionResult = z.infer<typeof distributionResultSchema>;

export const runKindSchema = z.enum(['generate', 'score']);
export const runSourceSchema = z.enum(['playground', 'cli', 'api', 'compare', 'other']);
export type RunSource = z.infer<typeof runSourceSchema>;

export const runSummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  kind: runKindSchema,
  mode: generationModeSchema,
  source: runSourceSchema,
  modelName: z.string(),
  promptPreview: z.string(),
  outputPreview: z.string(),
  finishReason: z.string().nullable(),
  seed: z.number().int().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runAdapterRecordSchema = z.object({ path: z.string(), sha256: z.string().nullable(), scale: z.number() });

export const runRecordSchema = runSummarySchema.extend({
  modelPath: z.string(),
  modelSha256: z.string().nullable(),
  adapters: z.array(runAdapterRecordSchema),
  template: z.string().nullable(),
  /** The request as given (generation or score), so a re-run is exact. */
  request: z.record(z.string(), z.unknown()),
  engine: z.record(z.string(), z.unknown()),
  /** The full result (tokens, samples, timings, scores). */
  result: z.record(z.string(), z.unknown()),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const generateMethods = {
  /** Starts a generate job; tokens stream as job.progress data (StreamedToken), the result is a GenerationResult. */
  'generate.run': method(
    generationRequestSchema.extend({ source: runSourceSchema.default('playground') }),
    z.object({ jobId: z.string() }),
  ),
  'generate.score': method(scoreRequestSchema.extend({ source: runSourceSchema.default('playground') }), scoreResultSchema),
  /** The sampler view: the next-token distribution before and after each sampling stage. */
  'generate.distribution': method(distributionRequestSchema, distributionResultSchema),
  'generate.history': method(
    z
      .object({ query: z.string().max(500).default(''), limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) })
      .strict(),
    z.object({ runs: z.array(runSummarySchema), total: z.number().int() }),
  ),
  'generate.historyGet': method(z.object({ id: z.string().min(1) }).strict(), runRecordSchema),
  'generate.historyDelete': method(z.object({ id: z.string().min(1) }).strict(), z.object({ deleted: z.boolean() })),
  'generate.historyExport': method(
    z.object({ ids: z.array(z.string().min(1)).min(1).max(1000), format: z.enum(['json', 'markdown']) }).strict(),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  ),
  /** Runs a saved generation again with the same model, adapters, template, settings and seed. */
  'generate.rerun': method(z.object({ id: z.string().min(1) }).strict(), z.object({ jobId: z.string() })),
} as const;

import { z } from 'zod';
import { chatMessageSchema, distributionRequestSchema, generationModeSchema, generationRequestSchema, samplingSchema } from '../../shared/contract/generate.ts';
import { gpuLayersSchema } from '../../shared/contract/models.ts';

/**
 * What the engine sends the inference host: model references are already resolved to files, seeds are fixed.
 * Parsed again in the host because it is a process boundary.
 */
export const hostAdapterSchema = z.object({ path: z.string().min(1), scale: z.number() });

/** Replaces the app request's model and adapter references (ids or paths the library resolves) with files. */
const modelFields = {
  modelPath: z.string().min(1),
  gpuLayers: gpuLayersSchema.default('auto'),
  adapters: z.array(hostAdapterSchema).default([]),
  /** Smaller than the app allows (16, not 64): the engine's own short probes (generate.raw) ask for less. */
  contextSize: z.number().int().min(16).nullable().default(null),
};
const modelReferences = { model: true, adapters: true, contextSize: true } as const;

const promptFields = {
  mode: generationModeSchema,
  prompt: z.string(),
  messages: z.array(chatMessageSchema),
  template: z.string().nullable(),
};

/**
 * The app's generation request (electron/shared/contract/generate.ts, the one place its fields, limits and
 * defaults are spelled) with its model resolved and its seed fixed. Derived, so a field added to the app's
 * request reaches the host without a second spelling; the defaults let engine-side callers name only what
 * differs (greedyInInferenceHost, generate.raw).
 */
export const hostGenerateSchema = generationRequestSchema
  .omit({ ...modelReferences, sampling: true })
  .extend({ ...modelFields, sampling: samplingSchema.extend({ seed: z.number().int().min(0).max(0xffff_ffff) }) });
export type HostGenerateRequest = z.infer<typeof hostGenerateSchema>;
export type HostGenerateInput = z.input<typeof hostGenerateSchema>;

export const hostScoreSchema = z.object({
  ...modelFields,
  ...promptFields,
  /** raw: prompt = the prefix. chat: messages before the scored answer. */
  text: z.string(),
  tokens: z.array(z.number().int().min(0)).nullable(),
  top: z.number().int().min(0).max(20),
  /**
   * Legacy completions' echo: score the whole sequence as the model sees it (raw mode, BOS included, the first
   * token's log-probability null) instead of a text after a context. `tokens` are then the whole sequence, as given.
   */
  echo: z.boolean().default(false),
  /** Alternatives after the last token (the greedy next token first); 0: not computed. */
  nextTop: z.number().int().min(0).max(20).default(0),
});
export type HostScoreRequest = z.infer<typeof hostScoreSchema>;
export type HostScoreInput = z.input<typeof hostScoreSchema>;

/** The app's distribution request (the sampler view), its model resolved: derived like hostGenerateSchema. */
export const hostDistributionSchema = distributionRequestSchema.omit(modelReferences).extend(modelFields);
export type HostDistributionRequest = z.infer<typeof hostDistributionSchema>;
export type HostDistributionInput = z.input<typeof hostDistributionSchema>;

export const hostEstimateSchema = z.object({
  modelPath: z.string().min(1),
  contextSize: z.number().int().min(16),
  gpuLayers: gpuLayersSchema,
});
export type HostEstimateInput = z.input<typeof hostEstimateSchema>;

export const hostLoadSchema = z.object({ modelPath: z.string().min(1), gpuLayers: gpuLayersSchema.default('auto') });
export const hostUnloadSchema = z.object({ modelPath: z.string().min(1) });

export const hostEmbedSchema = z.object({ modelPath: z.string().min(1), inputs: z.array(z.string()).min(1) });
export type HostEmbedRequest = z.infer<typeof hostEmbedSchema>;
export type HostEmbedInput = z.input<typeof hostEmbedSchema>;

export const hostStructuredSchema = hostGenerateSchema.extend({ jsonSchema: z.record(z.string(), z.unknown()), samples: z.literal(1), logprobs: z.literal(0) });
export type HostStructuredRequest = z.infer<typeof hostStructuredSchema>;
export type HostStructuredInput = z.input<typeof hostStructuredSchema>;

import { z } from 'zod';
import { chatMessageSchema, generationModeSchema, samplingSchema } from '../../shared/contract/generate.ts';
import { gpuLayersSchema } from '../../shared/contract/models.ts';

/**
 * What the engine sends the inference host: model references are already resolved to files, seeds are fixed.
 * Parsed again in the host because it is a process boundary.
 */
export const hostAdapterSchema = z.object({ path: z.string().min(1), scale: z.number() });

const modelFields = {
  modelPath: z.string().min(1),
  gpuLayers: gpuLayersSchema.default('auto'),
  adapters: z.array(hostAdapterSchema).default([]),
  contextSize: z.number().int().min(16).nullable().default(null),
};

const promptFields = {
  mode: generationModeSchema,
  prompt: z.string(),
  messages: z.array(chatMessageSchema),
  template: z.string().nullable(),
};

export const hostGenerateSchema = z.object({
  ...modelFields,
  ...promptFields,
  sampling: samplingSchema.extend({ seed: z.number().int().min(0).max(0xffff_ffff) }),
  maxTokens: z.number().int().min(1),
  stop: z.array(z.string()),
  logprobs: z.number().int().min(0).max(20),
  inspect: z.boolean(),
  samples: z.number().int().min(1).max(64),
  prefillTokens: z.array(z.number().int().min(0)),
});
export type HostGenerateRequest = z.infer<typeof hostGenerateSchema>;
export type HostGenerateInput = z.input<typeof hostGenerateSchema>;

export const hostScoreSchema = z.object({
  ...modelFields,
  ...promptFields,
  /** raw: prompt = the prefix. chat: messages before the scored answer. */
  text: z.string(),
  tokens: z.array(z.number().int().min(0)).nullable(),
  top: z.number().int().min(0).max(20),
});
export type HostScoreRequest = z.infer<typeof hostScoreSchema>;
export type HostScoreInput = z.input<typeof hostScoreSchema>;

export const hostDistributionSchema = z.object({
  ...modelFields,
  ...promptFields,
  sampling: samplingSchema,
  prefillTokens: z.array(z.number().int().min(0)),
  top: z.number().int().min(1).max(100),
});
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

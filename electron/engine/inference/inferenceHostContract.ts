/**
 * Everything the inference host (electron/workers/inferenceHost.ts) serves. The engine's
 * `SupervisedHost<InferenceHostContract>` and the host's `runHost` are typed by it, so a caller and its handler
 * cannot disagree on a name, params or reply. Only zod and types here: the engine imports it without node-llama-cpp.
 */
import { z } from 'zod';
import { canonicalRowSchema } from '../../shared/contract/datasets.ts';
import type { DistributionResult, GenerationResult, ScoreResult, StreamedToken, TokenAlternative } from '../../shared/contract/generate.ts';
import type { LoadedModel, MemoryEstimate } from '../../shared/contract/models.ts';
import type { ComputeInfo } from '../../shared/contract/system.ts';
import {
  chatMessageSchema,
  renderOptionsSchema,
  specialTokenModeSchema,
  type EncodeResult,
  type ModelTokenizerInfo,
  type RenderResult,
} from '../../shared/contract/tokenizer.ts';
import { hostMethod } from '../hosts/hostContract.ts';
import type { TrainingCountResult } from '../training/run/trainingHostProtocol.ts';
import type { TrainingExample } from '../training/trainingExamples.ts';
import {
  hostDistributionSchema,
  hostEmbedSchema,
  hostEstimateSchema,
  hostGenerateSchema,
  hostLoadSchema,
  hostScoreSchema,
  hostStructuredSchema,
  hostUnloadSchema,
} from './hostRequests.ts';

/** Replies, declared here so the engine reads them from the seam, never from the host-side modules that make them. */
export type HostGenerateResult = Omit<GenerationResult, 'runId'>;
export type HostScoreResult = Omit<ScoreResult, 'runId'> & {
  /** With nextTop: the most likely tokens after the last one. */
  readonly next?: TokenAlternative[];
};
/** A model loaded in the host; the engine adds the library's id and name (LoadedModel). */
export type LoadedModelState = Omit<LoadedModel, 'modelId' | 'name'>;

const modelPathSchema = z.string().min(1);

export const hostEncodeSchema = z.object({ modelPath: modelPathSchema, text: z.string(), specialTokens: specialTokenModeSchema });
export const hostTokenizerInfoSchema = z.object({ modelPath: modelPathSchema });
export const hostRenderTemplateSchema = z.object({
  modelPath: modelPathSchema,
  /** null: the tokenizer model's own `tokenizer.chat_template`; 'model': another model's template. */
  template: z.object({ source: z.enum(['custom', 'saved', 'model']), name: z.string(), text: z.string() }).nullable(),
  messages: z.array(chatMessageSchema).min(1),
  options: renderOptionsSchema,
});
export type HostRenderTemplateRequest = z.infer<typeof hostRenderTemplateSchema>;

export const hostCountTokensSchema = z.object({ modelPath: modelPathSchema, rows: z.array(canonicalRowSchema).max(10_000) });

export interface HostTokenCounts {
  readonly counts: number[];
  readonly contextLength: number;
  readonly name: string;
  readonly measuredAs: string;
}

/** Rows come from the engine's own loadTrainingExamples; only the envelope is checked here. */
export const hostCountRowsSchema = z.object({
  modelPath: modelPathSchema,
  objective: z.enum(['sft', 'dpo', 'full']),
  chatTemplate: z.string().nullable(),
  contextLength: z.number().int().min(1),
  longRows: z.enum(['skip', 'truncate']),
  train: z.array(z.custom<TrainingExample>()),
  validation: z.array(z.custom<TrainingExample>()),
});

export const hostRawCompletionSchema = z.object({
  modelPath: z.string(),
  prompt: z.string(),
  maxTokens: z.number().int().min(1).max(4096),
  contextSize: z.number().int().min(16).default(256),
  seed: z.number().int().optional(),
  temperature: z.number().min(0).default(0),
});

export const inferenceHostContract = {
  'compute.info': hostMethod<ComputeInfo>()(z.object({})),

  'generate.run': hostMethod<HostGenerateResult, StreamedToken>()(hostGenerateSchema),
  'generate.score': hostMethod<HostScoreResult>()(hostScoreSchema),
  'generate.distribution': hostMethod<DistributionResult>()(hostDistributionSchema),
  /** The smallest streamed completion (plain text chunks), kept for callers that need nothing else. */
  'generate.raw': hostMethod<{ text: string }, { text: string }>()(hostRawCompletionSchema),

  'models.estimate': hostMethod<MemoryEstimate>()(hostEstimateSchema),
  'models.load': hostMethod<LoadedModelState>()(hostLoadSchema),
  'models.unload': hostMethod<{ unloaded: boolean }>()(hostUnloadSchema),
  'models.loaded': hostMethod<LoadedModelState[]>()(z.object({})),

  'tokenizer.modelInfo': hostMethod<ModelTokenizerInfo>()(hostTokenizerInfoSchema),
  'tokenizer.modelEncode': hostMethod<EncodeResult>()(hostEncodeSchema),
  'tokenizer.modelRenderTemplate': hostMethod<RenderResult>()(hostRenderTemplateSchema),

  'datasets.countTokens': hostMethod<HostTokenCounts>()(hostCountTokensSchema),
  'training.countRows': hostMethod<TrainingCountResult>()(hostCountRowsSchema),

  'openai.generateStructured': hostMethod<HostGenerateResult, StreamedToken>()(hostStructuredSchema),
  'openai.embed': hostMethod<{ vectors: number[][]; promptTokens: number }>()(hostEmbedSchema),
} as const;

export type InferenceHostContract = typeof inferenceHostContract;

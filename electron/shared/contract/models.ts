import { z } from 'zod';
import { method } from './define.ts';

/** A model is named by its library id, its library name, or a GGUF path. */
export const modelRefSchema = z.string().trim().min(1).max(4096);

export const modelKindSchema = z.enum(['base', 'chat']);
export type ModelKind = z.infer<typeof modelKindSchema>;

export const modelEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  /** False when the file was moved or deleted outside the app; the entry stays until the user removes it. */
  exists: z.boolean(),
  architecture: z.string().nullable(),
  parameterCount: z.number().nullable(),
  contextLength: z.number().nullable(),
  /** llama.cpp's file type name (F16, Q8_0, Q4_K_M …) when the GGUF states it. */
  quantization: z.string().nullable(),
  hasChatTemplate: z.boolean(),
  /** What the file suggests; `kind` is what the app uses (the user's override wins). */
  detectedKind: modelKindSchema,
  kindOverride: modelKindSchema.nullable(),
  kind: modelKindSchema,
  /** Why detectedKind was chosen, e.g. "chat template in the GGUF", "name contains “instruct”". */
  kindHints: z.array(z.string()),
  tags: z.array(z.string()),
  /** Where it came from: a file, a scanned folder, or a download source such as hf:owner/repo/file.gguf. */
  source: z.string(),
  sha256: z.string().nullable(),
  addedAt: z.string(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export const metadataItemSchema = z.object({ key: z.string(), type: z.string(), value: z.string() });

export const modelDetailsSchema = z.object({
  model: modelEntrySchema,
  ggufVersion: z.number().int(),
  tensorCount: z.number().int(),
  vocabularySize: z.number().int().nullable(),
  tokenizerModel: z.string().nullable(),
  chatTemplate: z.string().nullable(),
  /** Every metadata entry; long values (token lists, templates) are shortened for display. */
  metadata: z.array(metadataItemSchema),
});
export type ModelDetails = z.infer<typeof modelDetailsSchema>;

export const gpuLayersSchema = z.union([z.literal('auto'), z.literal('max'), z.number().int().min(0).max(1000)]);
export type GpuLayersOption = z.infer<typeof gpuLayersSchema>;

export const memoryEstimateSchema = z.object({
  modelPath: z.string(),
  contextSize: z.number().int(),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  modelRamBytes: z.number(),
  modelVramBytes: z.number(),
  contextRamBytes: z.number(),
  contextVramBytes: z.number(),
  totalRamBytes: z.number(),
  totalVramBytes: z.number(),
  freeRamBytes: z.number(),
  freeVramBytes: z.number().nullable(),
  /** RAM and VRAM already held by models loaded now (the estimate is for one more). */
  loadedRamBytes: z.number(),
  loadedVramBytes: z.number(),
  fits: z.boolean(),
  /** Plain words for the UI, e.g. "needs 1.2 GB of RAM, 3.4 GB free". */
  verdict: z.string(),
});
export type MemoryEstimate = z.infer<typeof memoryEstimateSchema>;

export const loadedModelSchema = z.object({
  path: z.string(),
  modelId: z.string().nullable(),
  name: z.string(),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  /** Weights in memory, as node-llama-cpp reports them. */
  sizeBytes: z.number(),
  /** Contexts (KV caches) currently held for this model, with their memory. */
  contexts: z.number().int(),
  contextRamBytes: z.number(),
  contextVramBytes: z.number(),
  loadedAt: z.string(),
});
export type LoadedModel = z.infer<typeof loadedModelSchema>;

export const downloadProgressSchema = z.object({
  receivedBytes: z.number(),
  totalBytes: z.number().nullable(),
  /** Bytes already on disk from an earlier, interrupted attempt. */
  resumedFromBytes: z.number(),
  bytesPerSecond: z.number().nullable(),
  phase: z.enum(['connecting', 'downloading', 'verifying', 'retrying']),
});
export type DownloadProgress = z.infer<typeof downloadProgressSchema>;

/** Why a folder scan left a .gguf file out (electron/engine/models/notAModel.ts); the UI words each code. */
export const scanSkipReasonSchema = z.enum(['adapter', 'training-state', 'other-type', 'vocab-only', 'no-architecture', 'unreadable']);
export type ScanSkipReason = z.infer<typeof scanSkipReasonSchema>;
/** detail: general.type for other-type, the reader's error for unreadable, else null. */
export const scanSkipSchema = z.object({ path: z.string(), reason: scanSkipReasonSchema, detail: z.string().nullable() });
export type ScanSkip = z.infer<typeof scanSkipSchema>;

export const modelsMethods = {
  'models.list': method(z.object({}).strict(), z.array(modelEntrySchema)),
  'models.add': method(
    z.object({ path: z.string().trim().min(1), name: z.string().trim().min(1).max(200).optional() }).strict(),
    z.object({ model: modelEntrySchema, added: z.boolean() }),
  ),
  'models.scanFolder': method(
    z.object({ folder: z.string().trim().min(1), recursive: z.boolean().default(true) }).strict(),
    z.object({
      added: z.array(modelEntrySchema),
      alreadyInLibrary: z.number().int(),
      skipped: z.array(scanSkipSchema),
    }),
  ),
  'models.update': method(
    z
      .object({
        id: z.string().min(1),
        name: z.string().trim().min(1).max(200).optional(),
        tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
        kindOverride: modelKindSchema.nullable().optional(),
      })
      .strict(),
    modelEntrySchema,
  ),
  /**
   * Removes the library entry. The file is deleted only with deleteFile, and only when confirmFileName repeats
   * the file's name, so a stray call can never delete a model.
   */
  'models.remove': method(
    z.object({ id: z.string().min(1), deleteFile: z.boolean().default(false), confirmFileName: z.string().optional() }).strict(),
    z.object({ removed: z.boolean(), fileDeleted: z.boolean() }),
  ),
  'models.inspect': method(z.object({ model: modelRefSchema }).strict(), modelDetailsSchema),
  /** Starts a download job (kind 'download'); progress data is DownloadProgress, the result a ModelEntry. */
  'models.download': method(
    z.object({ source: z.string().trim().min(1).max(2048), fileName: z.string().trim().min(1).max(255).optional() }).strict(),
    z.object({ jobId: z.string(), targetPath: z.string() }),
  ),
  'models.estimateMemory': method(
    z
      .object({ model: modelRefSchema, contextSize: z.number().int().min(64).max(1_048_576).default(4096), gpuLayers: gpuLayersSchema.default('auto') })
      .strict(),
    memoryEstimateSchema,
  ),
  'models.load': method(
    z.object({ model: modelRefSchema, gpuLayers: gpuLayersSchema.default('auto') }).strict(),
    loadedModelSchema,
  ),
  'models.unload': method(z.object({ model: modelRefSchema }).strict(), z.object({ unloaded: z.boolean() })),
  'models.loaded': method(z.object({}).strict(), z.array(loadedModelSchema)),
} as const;

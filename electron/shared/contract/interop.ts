import { z } from 'zod';
import { method } from './define.ts';
import { modelRefSchema } from './models.ts';

/**
 * Adapters and runs crossing to and from PyTorch trainers: PEFT/MLX adapters in, PEFT adapters out, ready-to-run
 * LLaMA-Factory/TRL bundles of a run, and a Trainer's output back as a run. Paths are on the engine's machine.
 */
const pathSchema = z.string().trim().min(1).max(4096);
const hfIdSchema = z.string().trim().min(1).max(300);

export const bundleTargetSchema = z.enum(['llama-factory', 'trl']);
export type BundleTargetName = z.infer<typeof bundleTargetSchema>;

/** Where the base's Hugging Face id came from (GGUF metadata, the adapter's config, the user) — null when unknown. */
const baseModelSchema = z.object({ id: z.string().nullable(), source: z.string().nullable() });

export const adapterImportResultSchema = z.object({
  /** The library entry (when added) and the written GGUF. */
  adapterId: z.string().nullable(),
  name: z.string(),
  path: z.string(),
  sizeBytes: z.number(),
  format: z.enum(['peft', 'mlx']),
  architecture: z.string(),
  alpha: z.number(),
  ranks: z.array(z.number()),
  targets: z.array(z.string()),
  permutedQK: z.array(z.string()),
  rescaled: z.array(z.string()),
  declaredBase: z.string().nullable(),
  notes: z.array(z.string()),
});
export type AdapterImportResult = z.infer<typeof adapterImportResultSchema>;

export const adapterExportResultSchema = z.object({
  outDir: z.string(),
  files: z.array(z.string()),
  r: z.number(),
  loraAlpha: z.number(),
  targetModules: z.array(z.string()),
  baseModel: baseModelSchema,
  unpermutedQK: z.array(z.string()),
  notes: z.array(z.string()),
});
export type AdapterExportResult = z.infer<typeof adapterExportResultSchema>;

export const bundleExportResultSchema = z.object({
  outDir: z.string(),
  target: bundleTargetSchema,
  command: z.string(),
  files: z.array(z.string()),
  modelId: z.string(),
  baseModel: baseModelSchema,
  trainRows: z.number(),
  validationRows: z.number().nullable(),
  unmapped: z.array(z.string()),
});
export type BundleExportResult = z.infer<typeof bundleExportResultSchema>;

export const runImportResultSchema = z.object({
  runId: z.string(),
  adapterId: z.string(),
  name: z.string(),
  objective: z.string(),
  steps: z.number(),
  finalLoss: z.number().nullable(),
  adapterPath: z.string(),
  trainerState: z.string(),
  bundle: z.string().nullable(),
});
export type RunImportResult = z.infer<typeof runImportResultSchema>;

export const interopMethods = {
  /** A PEFT or MLX LoRA folder → a GGUF adapter for the chosen base, written under the data home and added to the library. */
  'interop.importAdapter': method(
    z.object({ from: pathSchema, model: modelRefSchema, name: z.string().trim().min(1).max(200).optional() }).strict(),
    adapterImportResultSchema,
  ),
  /** A library adapter → a PEFT folder (adapter_config.json + adapter_model.safetensors). */
  'interop.exportAdapter': method(
    z.object({ adapterId: z.string().min(1), outDir: pathSchema, baseModelId: hfIdSchema.optional(), overwrite: z.boolean().default(false) }).strict(),
    adapterExportResultSchema,
  ),
  /** A training run's settings → a ready-to-run LLaMA-Factory or TRL folder. */
  'interop.exportBundle': method(
    z.object({ runId: z.string().min(1), target: bundleTargetSchema, outDir: pathSchema, baseModelId: hfIdSchema.optional(), overwrite: z.boolean().default(false) }).strict(),
    bundleExportResultSchema,
  ),
  /** A Trainer's output folder (PEFT adapter + trainer_state.json) → an external run in the Training history. */
  'interop.importRun': method(
    z.object({ from: pathSchema, model: modelRefSchema, name: z.string().trim().min(1).max(200).optional() }).strict(),
    runImportResultSchema,
  ),
};

import type { QuantizeTypeName } from '../../shared/contract/compress.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { addonCandidates, addonMissingError, findAddonPath, installFailure, requireAddon, toWorkbenchError } from '../training/native/nativeAddon.ts';


export interface TransformProgress {
  readonly tensorsDone: number;
  readonly tensorsTotal: number;
}

export interface MergeNativeResult {
  readonly tensors: number;
  readonly mergedTensors: number;
  readonly architecture: string;
  /** Adapted weights of a quantized base were written as F16 (what llama.cpp's export-lora does). */
  readonly dequantized: boolean;
}

interface TransformHandle<R> {
  promise: Promise<R>;
  progress(): TransformProgress;
  cancel(): void;
}

interface RawModelTransform {
  startQuantize(options: { input: string; output: string; type: string; threads?: number }): TransformHandle<{ tensors: number }>;
  startMerge(options: { base: string; adapter: string; output: string; scale?: number; threads?: number }): TransformHandle<MergeNativeResult>;
}

/** How often a running transform's tensor count is read for progress. */
const PROGRESS_POLL_MS = 200;

function modelTransformAddon(): RawModelTransform {
  loadNativeTrainer(); // loads the addon and its backend modules once per process
  const path = findAddonPath();
  if (!path) throw addonMissingError(addonCandidates(), installFailure());
  const addon = requireAddon(path).addon as unknown as Partial<RawModelTransform>;
  if (typeof addon.startQuantize !== 'function' || typeof addon.startMerge !== 'function') {
    throw new WorkbenchError('internal', `The trainer addon at ${path} predates quantize and merge: rebuild it with npm run build:native`, { file: path }, reason('trainer_addon_outdated', { file: path }));
  }
  return addon as RawModelTransform;
}

/**
 * Runs a native transform to its end: progress is polled by tensors, the abort signal cancels it (the native side
 * stops at the next tensor and removes its partial output).
 */
async function runTransform<R>(handle: TransformHandle<R>, onProgress: (progress: TransformProgress) => void, signal: AbortSignal | undefined): Promise<R> {
  const cancel = (): void => handle.cancel();
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let last = -1;
  const poll = (): void => {
    const progress = handle.progress();
    if (progress.tensorsDone === last) return;
    last = progress.tensorsDone;
    onProgress(progress);
  };
  const timer = setInterval(poll, PROGRESS_POLL_MS);
  try {
    const result = await handle.promise;
    poll();
    return result;
  } catch (error) {
    throw toWorkbenchError(error);
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/** Quantizes a GGUF model with llama.cpp's `llama_model_quantize` (its standard recipe for the type). */
export async function quantizeModelFile(
  request: { input: string; output: string; type: QuantizeTypeName; threads?: number },
  onProgress: (progress: TransformProgress) => void,
  signal?: AbortSignal,
): Promise<{ tensors: number }> {
  const addon = modelTransformAddon();
  return await runTransform(addon.startQuantize({ ...request }), onProgress, signal);
}

/** Writes base + scale·(alpha/rank)·B·A for every adapted weight as a standalone GGUF model. */
export async function mergeAdapterFile(
  request: { base: string; adapter: string; output: string; scale?: number; threads?: number },
  onProgress: (progress: TransformProgress) => void,
  signal?: AbortSignal,
): Promise<MergeNativeResult> {
  const addon = modelTransformAddon();
  return await runTransform(addon.startMerge({ ...request }), onProgress, signal);
}

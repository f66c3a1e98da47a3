import { freemem } from 'node:os';
import { GgufInsights, readGgufFileInfo } from 'node-llama-cpp';
import type { GpuLayersOption, MemoryEstimate } from '../../../shared/contract/models.ts';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { hostModels } from './hostModels.ts';
import { getLlamaRuntime } from './llamaRuntime.ts';

/**
 * What loading a model with a context of this size would cost, from node-llama-cpp's GGUF insights (the same
 * arithmetic it uses to pick GPU layers), compared with the memory free now. Loaded models already hold theirs.
 */
export async function estimateInHost(modelPath: string, contextSize: number, gpuLayers: GpuLayersOption): Promise<MemoryEstimate> {
  const llama = await getLlamaRuntime();
  let insights: GgufInsights;
  try {
    insights = await GgufInsights.from(await readGgufFileInfo(modelPath, { logWarnings: false, sourceType: 'filesystem' }), llama);
  } catch (error) {
    throw new WorkbenchError('bad_input', `Could not read ${modelPath}: ${(error as Error).message}`, { file: modelPath, field: 'model' }, reason('model_unreadable', { file: modelPath }));
  }
  const resolved = await insights.configurationResolver.resolveAndScoreConfig({
    ...(gpuLayers === 'auto' ? {} : { targetGpuLayers: gpuLayers }),
    targetContextSize: contextSize,
  });
  const values = resolved.resolvedValues;
  const loaded = await hostModels.list();
  const alreadyLoaded = loaded.some((model) => model.path === modelPath);
  const vram = llama.gpu === false ? null : await llama.getVramState();
  const freeRamBytes = freemem();
  const freeVramBytes = vram?.free ?? null;
  // A model that is loaded already needs only the new context.
  const totalRamBytes = alreadyLoaded ? values.contextRamUsage : values.totalRamUsage;
  const totalVramBytes = alreadyLoaded ? values.contextVramUsage : values.totalVramUsage;
  const ramFits = totalRamBytes <= freeRamBytes;
  const vramFits = freeVramBytes === null ? totalVramBytes === 0 : totalVramBytes <= freeVramBytes;
  return {
    modelPath,
    contextSize: values.contextSize,
    gpuLayers: values.gpuLayers,
    totalLayers: insights.totalLayers,
    modelRamBytes: values.modelRamUsage,
    modelVramBytes: values.modelVramUsage,
    contextRamBytes: values.contextRamUsage,
    contextVramBytes: values.contextVramUsage,
    totalRamBytes,
    totalVramBytes,
    freeRamBytes,
    freeVramBytes,
    // Offloaded layers hold their share of the weights in VRAM.
    loadedRamBytes: loaded.reduce((sum, model) => sum + model.sizeBytes * (1 - offloaded(model)) + model.contextRamBytes, 0),
    loadedVramBytes: loaded.reduce((sum, model) => sum + model.sizeBytes * offloaded(model) + model.contextVramBytes, 0),
    fits: ramFits && vramFits,
    verdict: verdict(totalRamBytes, freeRamBytes, totalVramBytes, freeVramBytes, alreadyLoaded),
  };
}

const offloaded = (model: { gpuLayers: number; totalLayers: number }): number =>
  model.totalLayers > 0 ? Math.min(1, model.gpuLayers / model.totalLayers) : 0;

const gigabytes = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GB`;

function verdict(ram: number, freeRam: number, vramNeeded: number, freeVram: number | null, alreadyLoaded: boolean): string {
  const parts = [`needs ${gigabytes(ram)} of RAM (${gigabytes(freeRam)} free)`];
  if (vramNeeded > 0 || freeVram !== null) parts.push(`${gigabytes(vramNeeded)} of VRAM (${freeVram === null ? 'no GPU' : `${gigabytes(freeVram)} free`})`);
  const fits = ram <= freeRam && (freeVram === null ? vramNeeded === 0 : vramNeeded <= freeVram);
  return `${alreadyLoaded ? 'Already loaded; a new context ' : ''}${parts.join(' and ')}: ${fits ? 'fits' : 'does not fit'}`;
}

import type { PlacementPlan } from '../../shared/contract/compare.ts';
import type { MemoryEstimate } from '../../shared/contract/models.ts';

export interface ModelDemand {
  /** The estimate for loading this model with one context (only the context when it is loaded already). */
  readonly estimate: Pick<MemoryEstimate, 'totalRamBytes' | 'totalVramBytes' | 'contextRamBytes' | 'contextVramBytes' | 'freeRamBytes' | 'freeVramBytes'>;
  /** Columns that use this model: each holds its own context (adapters are bound to a context). */
  readonly columns: number;
}

/**
 * Memory is never all ours: the OS, the app and other programs move the free figure while we load, so "together"
 * needs this much headroom on top of the estimate.
 */
export const placementHeadroom = 0.9;

const gigabytes = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(bytes < 1024 ** 3 ? 2 : 1)} GB`;

/**
 * Loads every model at once when the estimates fit in free memory (columns then stream in parallel); otherwise
 * one model after another, each unloaded before the next, so a comparison of big models still runs.
 */
export function planPlacement(demands: readonly ModelDemand[], requested: 'auto' | 'together' | 'sequential'): PlacementPlan {
  let neededRamBytes = 0;
  let neededVramBytes = 0;
  for (const { estimate, columns } of demands) {
    const extraContexts = Math.max(0, columns - 1);
    neededRamBytes += estimate.totalRamBytes + extraContexts * estimate.contextRamBytes;
    neededVramBytes += estimate.totalVramBytes + extraContexts * estimate.contextVramBytes;
  }
  const freeRamBytes = demands.length === 0 ? 0 : Math.min(...demands.map((demand) => demand.estimate.freeRamBytes));
  const vramFigures = demands.map((demand) => demand.estimate.freeVramBytes).filter((free): free is number => free !== null);
  const freeVramBytes = vramFigures.length === 0 ? null : Math.min(...vramFigures);
  const ramFits = neededRamBytes <= freeRamBytes * placementHeadroom;
  const vramFits = freeVramBytes === null ? neededVramBytes === 0 : neededVramBytes <= freeVramBytes * placementHeadroom;
  const fits = ramFits && vramFits;
  const memory = [`${gigabytes(neededRamBytes)} of RAM (${gigabytes(freeRamBytes)} free)`];
  if (neededVramBytes > 0 || freeVramBytes !== null) memory.push(`${gigabytes(neededVramBytes)} of VRAM (${freeVramBytes === null ? 'no GPU' : `${gigabytes(freeVramBytes)} free`})`);
  const arithmetic = `${demands.length === 1 ? 'the model needs' : `${demands.length} models need`} ${memory.join(' and ')}`;

  const base = { neededRamBytes, freeRamBytes, neededVramBytes, freeVramBytes, models: demands.length };
  if (requested === 'together') {
    return { ...base, placement: 'together', forced: true, reason: `Together, as asked: ${arithmetic}${fits ? '' : ' — more than is free, loading may fail'}` };
  }
  if (requested === 'sequential') {
    return { ...base, placement: 'sequential', forced: true, reason: `One after another, as asked: ${arithmetic}` };
  }
  return fits
    ? { ...base, placement: 'together', forced: false, reason: `Together: ${arithmetic}, which fits` }
    : { ...base, placement: 'sequential', forced: false, reason: `One after another: ${arithmetic}, more than fits at once` };
}

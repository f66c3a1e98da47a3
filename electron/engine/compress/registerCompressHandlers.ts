import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { startCompareVariantsJob } from './compareVariants.ts';
import { startMergeJob, startQuantizeJob } from './compressJobs.ts';
import { listVariants } from './modelVariants.ts';

/** Quantize and merge jobs (run in the trainer host), a model's variants and their comparison (inference host). */
export function registerCompressHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('compress.quantize', (input) => startQuantizeJob(services, input));
  registry.handle('compress.merge', (input) => startMergeJob(services, input));
  registry.handle('compress.variants', (input) => listVariants(services.db, input.model));
  registry.handle('compress.compareVariants', (input) => startCompareVariantsJob(services, input));
}

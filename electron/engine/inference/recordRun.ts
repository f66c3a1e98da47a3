import type { RunSource } from '../../shared/contract/generate.ts';
import type { EngineServices } from '../engineServices.ts';
import { cachedSha256 } from '../models/fileHashes.ts';
import type { ResolvedModel } from '../models/modelLibrary.ts';
import type { ResolvedAdapter } from './resolveAdapters.ts';
import { RunHistory, type NewRun } from './runHistory.ts';

export interface RunToRecord extends Omit<NewRun, 'modelId' | 'modelName' | 'modelPath' | 'modelSha256' | 'adapters' | 'mode' | 'request' | 'engine'> {
  readonly source: RunSource;
  readonly model: ResolvedModel;
  readonly adapters: readonly ResolvedAdapter[];
  readonly request: { mode: NewRun['mode'] } & object;
  readonly engine: object;
}

/**
 * Saves a run with the sha256 of the model and of every adapter, so "same seed, same settings" can be checked
 * against the exact files later. Hashes are cached per file, so only the first run with a file pays for hashing.
 */
export async function recordRun(services: EngineServices, run: RunToRecord): Promise<string> {
  const hashOrNull = (path: string): Promise<string | null> => cachedSha256(services.db, path).catch(() => null);
  const [modelSha256, ...adapterHashes] = await Promise.all([hashOrNull(run.model.path), ...run.adapters.map((adapter) => hashOrNull(adapter.path))]);
  return new RunHistory(services.db).record({
    ...run,
    mode: run.request.mode,
    request: { ...run.request },
    engine: { ...run.engine },
    modelId: run.model.modelId,
    modelName: run.model.name,
    modelPath: run.model.path,
    modelSha256: modelSha256 ?? null,
    adapters: run.adapters.map((adapter, index) => ({ path: adapter.path, scale: adapter.scale, sha256: adapterHashes[index] ?? null })),
  });
}

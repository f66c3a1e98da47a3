import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { DownloadProgress, ModelEntry } from '../../shared/contract/models.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EngineServices } from '../engineServices.ts';
import { hubEndpoint, parseDownloadSource } from './downloadSource.ts';
import type { ModelLibrary } from './modelLibrary.ts';
import { resumableDownload } from './resumableDownload.ts';

export interface DownloadTestHooks {
  readonly retryDelayMs?: number;
  readonly freeBytes?: (dir: string) => Promise<number>;
}

/**
 * Starts a 'download' job that fetches a GGUF into the models folder (owner/repo/file.gguf for the hub) and adds
 * it to the library. Starting the same download again after a failure or cancel resumes it.
 */
export function startModelDownload(
  services: EngineServices,
  library: ModelLibrary,
  input: { source: string; fileName?: string | undefined },
  hooks: DownloadTestHooks = {},
): { jobId: string; targetPath: string; done: Promise<ModelEntry> } {
  const source = parseDownloadSource(input.source);
  const relativePath = input.fileName ? join(dirname(source.relativePath), input.fileName) : source.relativePath;
  const targetPath = resolve(services.home.modelsDir, relativePath);
  if (!targetPath.startsWith(resolve(services.home.modelsDir) + sep)) {
    throw new WorkbenchError('bad_input', `File name "${input.fileName}" would leave the models folder`, { field: 'fileName' }, reason('download_file_name_outside', { name: input.fileName ?? '' }));
  }
  const token = process.env.HF_TOKEN;
  const { jobId, done } = services.jobs.start<ModelEntry>({
    kind: 'download',
    title: `Download ${source.label}`,
    run: async ({ signal, progress }) => {
      if (existsSync(targetPath)) return library.add(targetPath, { source: source.label }).model;
      const report = (update: DownloadProgress): void =>
        progress({
          fraction: update.totalBytes ? update.receivedBytes / update.totalBytes : null,
          data: update,
        });
      report({ receivedBytes: 0, totalBytes: null, resumedFromBytes: 0, bytesPerSecond: null, phase: 'connecting' });
      const outcome = await resumableDownload({
        url: source.url,
        target: targetPath,
        signal,
        onProgress: report,
        ...(source.isHub && token && new URL(source.url).origin === new URL(hubEndpoint()).origin ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(hooks.retryDelayMs === undefined ? {} : { retryDelayMs: hooks.retryDelayMs }),
        ...(hooks.freeBytes ? { freeBytes: hooks.freeBytes } : {}),
      });
      return library.add(targetPath, { source: source.label, sha256: outcome.sha256 }).model;
    },
  });
  return { jobId, targetPath, done };
}

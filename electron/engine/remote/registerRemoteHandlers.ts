import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { parseJobResult } from '../../shared/contract/jobPayloads.ts';
import type { TransferResult } from '../../shared/contract/remote.ts';
import { AdapterLibrary } from '../adapters/adapterLibrary.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { connectRemote } from './remoteClient.ts';
import { downloadFile, sha256OfLocalFile, uploadFile } from './remoteFiles.ts';
import { remoteJobResult, runRemoteJob } from './remoteJobs.ts';

/** A local file name for a download that does not overwrite a different file already there. */
async function freeLocalPath(folder: string, name: string, sha256: string): Promise<string> {
  const extension = extname(name);
  const stem = basename(name, extension);
  for (let index = 0; ; index += 1) {
    const candidate = join(folder, index === 0 ? name : `${stem}-${index}${extension}`);
    if (!existsSync(candidate) || (await sha256OfLocalFile(candidate)) === sha256) return candidate;
  }
}

/** remote.*: the app's own engine checks a remote engine and moves files to and from it as 'transfer' jobs. */
export function registerRemoteHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('remote.check', async ({ url, key }) => {
    const client = await connectRemote({ url, key });
    try {
      const info = await client.call('system.info', {});
      return { url, appVersion: info.appVersion, platform: info.platform, arch: info.arch, dataHome: info.dataHome, shell: info.shell };
    } finally {
      client.close();
    }
  });

  registry.handle('remote.upload', async ({ url, key, path, kind, name, model }) => {
    const connection = { url, key };
    if (kind === 'adapter' && model === undefined) throw new WorkbenchError('bad_input', 'An adapter is sent for a base model: name the remote base', { field: 'model' }, reason('remote_adapter_needs_base', {}));
    // Refuse a wrong key or an unreachable engine now, not inside the job.
    (await connectRemote(connection)).close();
    const { jobId } = services.jobs.start<TransferResult>({
      kind: 'transfer',
      title: `Upload ${basename(path)} to ${url}`,
      run: async ({ progress, signal }) => {
        const file = basename(path);
        let hashedReported = 0;
        const stored = await uploadFile(connection, path, {
          signal,
          onHashing: (doneBytes, totalBytes) => {
            // Read in 64 KiB pieces: say so every 1% (or at the end), not 16 times a megabyte.
            if (doneBytes - hashedReported < totalBytes / 100 && doneBytes < totalBytes) return;
            hashedReported = doneBytes;
            progress({ fraction: null, data: { phase: 'hashing', file, doneBytes, totalBytes } });
          },
          onProgress: (doneBytes, totalBytes) => progress({ fraction: totalBytes === 0 ? 1 : doneBytes / totalBytes, data: { phase: 'sending', file, doneBytes, totalBytes } }),
        });
        progress({ fraction: 1, data: { phase: 'registering', file, doneBytes: stored.size, totalBytes: stored.size } });
        const base = { direction: 'upload' as const, path: stored.path, size: stored.size, sha256: stored.sha256, modelId: null, datasetId: null, adapterId: null };
        if (kind === 'file') return base;
        const client = await connectRemote(connection);
        try {
          if (kind === 'model') {
            const added = await client.call('models.add', { path: stored.path, ...(name ? { name } : {}) });
            return { ...base, modelId: added.model.id };
          }
          if (kind === 'adapter' && model !== undefined) {
            const added = await client.call('adapters.add', { path: stored.path, model, ...(name ? { name } : {}) });
            return { ...base, adapterId: added.adapter.id };
          }
          const finished = await runRemoteJob(client, () => client.call('datasets.import', { source: { kind: 'file', path: stored.path }, ...(name ? { name } : {}) }), { signal });
          const imported = parseJobResult('dataset-import', remoteJobResult(finished, `Importing ${file}`));
          return { ...base, datasetId: imported?.datasets[0]?.dataset.id ?? null };
        } finally {
          client.close();
        }
      },
    });
    return { jobId };
  });

  registry.handle('remote.download', async ({ url, key, remotePath, model, name }) => {
    const connection = { url, key };
    (await connectRemote(connection)).close();
    const basePath = model === undefined ? null : new ModelLibrary(services.db).resolve(model).path;
    const { jobId } = services.jobs.start<TransferResult>({
      kind: 'transfer',
      title: `Download ${basename(remotePath)} from ${url}`,
      run: async ({ progress, signal }) => {
        const file = basename(remotePath);
        // Named by the remote file; a different file already there under that name is kept, this one gets -1, -2 …
        const target = join(services.home.adaptersDir, file);
        const fetched = await downloadFile(connection, remotePath, `${target}.download`, {
          signal,
          onProgress: (doneBytes, totalBytes) => progress({ fraction: totalBytes === 0 ? 1 : doneBytes / totalBytes, data: { phase: 'receiving', file, doneBytes, totalBytes } }),
        });
        const local = await freeLocalPath(services.home.adaptersDir, file, fetched.sha256);
        if (existsSync(local)) rmSync(fetched.path);
        else renameSync(fetched.path, local);
        let adapterId: string | null = null;
        if (basePath !== null) {
          progress({ fraction: 1, data: { phase: 'registering', file, doneBytes: fetched.size, totalBytes: fetched.size } });
          adapterId = new AdapterLibrary(services.db).add({ path: local, basePath, ...(name ? { name } : {}) }).adapter.id;
        }
        return { direction: 'download' as const, path: local, size: fetched.size, sha256: fetched.sha256, modelId: null, datasetId: null, adapterId };
      },
    });
    return { jobId };
  });
}

import { freemem, totalmem } from 'node:os';
import { computeInfoSchema } from '../../shared/contract/system.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import type { EngineServices } from '../engineServices.ts';
import { nodeLlamaCppVersion } from './nodeLlamaCppVersion.ts';
import { SettingsStore } from './settingsStore.ts';


export function registerSystemHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const settings = new SettingsStore(services.db);
  const llamaVersion = nodeLlamaCppVersion() ?? 'unknown';

  registry.handle('system.info', () => ({
    appVersion: services.appVersion,
    nodeLlamaCppVersion: llamaVersion,
    platform: process.platform,
    arch: process.arch,
    dataHome: services.home.root,
    shell: services.shell,
    totalMemoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
  }));
  registry.handle('system.compute', async () =>
    computeInfoSchema.parse(await services.hosts.inference.request('compute.info', {})),
  );
  registry.handle('system.hosts', () => [services.hosts.inference.status(), services.hosts.trainer.status()]);
  registry.handle('settings.get', () => settings.all());
  registry.handle('settings.set', ({ key, value }) => {
    settings.set(key, value);
    return settings.all();
  });

  registry.handle('jobs.list', ({ limit }) => services.jobs.list(limit));
  registry.handle('jobs.get', ({ jobId }) => {
    const job = services.jobs.get(jobId);
    if (!job) throw new WorkbenchError('not_found', `No job with id ${jobId}`, { field: 'jobId' }, reason('job_not_found', { job: jobId }));
    return job;
  });
  registry.handle('jobs.cancel', ({ jobId }) => ({ cancelled: services.jobs.cancel(jobId) }));
}

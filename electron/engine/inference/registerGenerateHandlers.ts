import { generationRequestSchema, type GenerationRequestInput, type RunSource } from '../../shared/contract/generate.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { exportRuns } from './exportRuns.ts';
import { generateText } from './generateText.ts';
import { RunHistory } from './runHistory.ts';
import { samplerView } from './samplerView.ts';
import { scoreText } from './scoreText.ts';

/**
 * Starts a generate job: tokens stream as job.progress data, the result (saved in history) ends the job.
 * Exported so other areas can run playground-style jobs.
 */
export function startGenerateJob(services: EngineServices, request: GenerationRequestInput, source: RunSource): { jobId: string } {
  const parsed = generationRequestSchema.parse(request);
  // Resolved now so an unknown model fails the call itself rather than a job the caller has to watch.
  const model = new ModelLibrary(services.db).resolve(parsed.model);
  const expectedTokens = parsed.maxTokens * parsed.samples;
  let streamed = 0;
  const { jobId } = services.jobs.start({
    kind: 'generate',
    title: `Generate with ${model.name}`,
    run: ({ signal, progress }) =>
      generateText(services, parsed, {
        signal,
        source,
        onToken: (token) => {
          if (token.token) streamed += 1;
          progress({ fraction: Math.min(1, streamed / expectedTokens), data: token });
        },
      }),
  });
  return { jobId };
}

export function registerGenerateHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const history = new RunHistory(services.db);

  registry.handle('generate.run', ({ source, ...request }) => startGenerateJob(services, request, source));
  registry.handle('generate.score', ({ source, ...request }) => scoreText(services, request, { source }));
  registry.handle('generate.distribution', (request) => samplerView(services, request));
  registry.handle('generate.history', ({ query, limit, offset }) => history.list(query, limit, offset));
  registry.handle('generate.historyGet', ({ id }) => history.get(id));
  registry.handle('generate.historyDelete', ({ id }) => ({ deleted: history.delete(id) }));
  registry.handle('generate.historyExport', ({ ids, format }) => exportRuns(ids.map((id) => history.get(id)), format));
  registry.handle('generate.rerun', ({ id }) => {
    const run = history.get(id);
    if (run.kind !== 'generate') throw new WorkbenchError('bad_input', `Run ${id} is a ${run.kind} run; only generations can be re-run`, { field: 'id' }, reason('run_not_regenerable', { run: id }));
    const saved = generationRequestSchema.safeParse(run.request);
    if (!saved.success) throw new WorkbenchError('bad_input', `Run ${id} was saved in a format this version cannot re-run`, { field: 'id' }, reason('run_not_regenerable', { run: id }));
    // The saved model reference may be a library id that was removed since; the path still names the file.
    const request = { ...saved.data, model: run.modelPath, adapters: run.adapters.map((adapter) => ({ adapter: adapter.path, scale: adapter.scale })) };
    return startGenerateJob(services, request, run.source === 'cli' ? 'playground' : run.source);
  });
}

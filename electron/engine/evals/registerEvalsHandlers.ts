import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { builtinTaskNames, loadBuiltinTask } from './builtin/builtinTasks.ts';
import { EvalRunStore } from './evalRunStore.ts';
import { loadTask, taskInfo } from './loadTask.ts';
import { startEvalRun, type BindEvalTarget } from './startEvalRun.ts';

export function registerEvalsHandlers(registry: HandlerRegistry, services: EngineServices, bind?: BindEvalTarget): void {
  const store = new EvalRunStore(services.db);
  let startupChecked = false;
  // Runs a previous engine left 'running' are closed before this engine reads any (not at registration, so
  // creating an engine never depends on this area's tables).
  const runs = (): EvalRunStore => {
    if (!startupChecked) {
      store.failInterrupted();
      startupChecked = true;
    }
    return store;
  };

  registry.handle('evals.builtins', () => builtinTaskNames.map((name) => taskInfo({ kind: 'builtin', name }, loadBuiltinTask(name))));
  registry.handle('evals.inspectTask', ({ source }) => taskInfo(source, loadTask(source)));
  registry.handle('evals.start', (request) => startEvalRun(services, runs(), request, bind));
  registry.handle('evals.runs', ({ limit }) => runs().runs(limit));
  registry.handle('evals.run', ({ id }) => ({ run: runs().run(id), items: runs().items(id) }));
  registry.handle('evals.deleteRun', ({ id }) => ({ deleted: runs().deleteRun(id) }));
}

import { DatasetStore } from '../datasets/datasetStore.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { compareRuns } from './compareRuns.ts';
import { exportTrainingSets } from './exportTrainingSets.ts';
import { loadSuite } from './loadSuite.ts';
import { HallucinationRunStore } from './runStore.ts';
import { scoreOutput } from './scoreOutput.ts';
import { startContextRerun, startHallucinationRun, type BindTarget } from './startHallucinationRun.ts';

export function registerHallucinationHandlers(registry: HandlerRegistry, services: EngineServices, bind?: BindTarget): void {
  const store = new HallucinationRunStore(services.db);
  let startupChecked = false;
  // Runs a previous engine left 'running' are closed before this engine touches any run (and not at
  // registration, so creating an engine never depends on this area's tables).
  const runs = (): HallucinationRunStore => {
    if (!startupChecked) {
      store.markInterrupted();
      startupChecked = true;
    }
    return store;
  };

  registry.handle('hallucination.loadSuite', ({ source }) => loadSuite(source));
  registry.handle('hallucination.scoreOutput', ({ item, output }) => scoreOutput(item, output));
  registry.handle('hallucination.run', (request) => startHallucinationRun(services, runs(), request, bind));
  registry.handle('hallucination.rerunWithContext', ({ runId, itemIds }) => startContextRerun(services, runs(), runId, itemIds, bind));
  registry.handle('hallucination.listRuns', ({ limit }) => runs().list(limit));
  registry.handle('hallucination.getRun', ({ runId }) => ({ run: runs().run(runId), items: runs().items(runId).map((entry) => entry.result) }));
  registry.handle('hallucination.deleteRun', ({ runId }) => ({ deleted: runs().delete(runId) }));
  registry.handle('hallucination.setOverride', ({ runId, itemId, verdict, note }) => runs().setOverride(runId, itemId, verdict, note));
  registry.handle('hallucination.compareRuns', ({ runIds, knownThreshold }) =>
    compareRuns(runIds.map((runId) => ({ record: runs().run(runId), items: runs().items(runId) })), knownThreshold));
  registry.handle('hallucination.exportTrainingSets', ({ runId, knownThreshold, name }) =>
    exportTrainingSets({ datasetsDir: services.home.datasetsDir, tmpDir: services.home.tmpDir, datasets: new DatasetStore(services.db) }, runs(), runId, knownThreshold, name));
}

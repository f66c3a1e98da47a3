import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { RunProgress, RunSettings, RunSummary, RunTarget, SuiteItem, SuiteSource } from '../../shared/contract/hallucination.ts';
import type { EngineServices } from '../engineServices.ts';
import { bindTarget, type BoundTarget } from './engineModelUnderTest.ts';
import { loadSuite, requireRunnableSuite } from './loadSuite.ts';
import { runItem, runWithContext } from './runItem.ts';
import type { HallucinationRunStore } from './runStore.ts';

/** How a target becomes a model; tests pass scripted models, the app the real inference engine. */
export type BindTarget = (services: EngineServices, target: RunTarget) => BoundTarget;

export interface RunRequest {
  readonly targets: readonly RunTarget[];
  readonly suite: SuiteSource;
  readonly itemIds?: readonly string[] | undefined;
  readonly categories?: readonly string[] | undefined;
  readonly settings: RunSettings;
}

export interface RunJobResult {
  readonly runIds: string[];
  readonly summaries: RunSummary[];
}

function selectItems(items: readonly SuiteItem[], request: RunRequest): SuiteItem[] {
  let selected = [...items];
  if (request.itemIds && request.itemIds.length > 0) {
    const wanted = new Set(request.itemIds);
    const unknown = request.itemIds.filter((id) => !items.some((item) => item.id === id));
    if (unknown.length > 0) throw new WorkbenchError('bad_input', `The suite has no item with id ${unknown.map((id) => `"${id}"`).join(', ')}`, { field: 'itemIds', unknown }, reason('suite_items_unknown', { ids: unknown.map((id) => `"${id}"`).join(', ') }));
    selected = selected.filter((item) => wanted.has(item.id));
  }
  if (request.categories && request.categories.length > 0) {
    const wanted = new Set(request.categories);
    selected = selected.filter((item) => wanted.has(item.category));
    if (selected.length === 0) throw new WorkbenchError('bad_input', `No item of the suite is in the categories ${request.categories.join(', ')}`, { field: 'categories' }, reason('suite_no_items_in_categories', { categories: request.categories.join(', ') }));
  }
  return selected;
}

/**
 * Runs a suite on one or more models (base, chat, chat + adapter) as one job: every item result is saved as it
 * arrives, so a cancelled or crashed run keeps what it measured and every run can be compared later.
 */
export function startHallucinationRun(
  services: EngineServices,
  store: HallucinationRunStore,
  request: RunRequest,
  bind: BindTarget = bindTarget,
): { jobId: string; runIds: string[] } {
  const suite = requireRunnableSuite(loadSuite(request.suite), request.suite.kind === 'file' ? request.suite.path : null);
  const items = selectItems(suite.items, request);
  // Bind before the job starts, so a missing model or adapter is an error the caller sees right away.
  const bound = request.targets.map((target) => ({ target, binding: bind(services, target), runId: randomUUID() }));
  const total = items.length * bound.length;
  const title = `Hallucination lab: ${suite.name} on ${bound.map((entry) => entry.binding.label).join(', ')}`;

  const { jobId } = services.jobs.start<RunJobResult>({
    kind: 'hallucination',
    title,
    run: async ({ signal, progress }) => {
      const summaries: RunSummary[] = [];
      let done = 0;
      let current: string | null = null;
      try {
        for (const { binding, runId } of bound) {
          current = runId;
          for (const [position, item] of items.entries()) {
            const result = await runItem(item, binding.model, request.settings, signal);
            store.saveResult(runId, position, item, result);
            done++;
            const data: RunProgress = { runId, itemId: item.id, verdict: result.verdict, done, total };
            progress({ fraction: done / total, message: `${binding.label}: ${item.id}`, data });
          }
          summaries.push(store.finishRun(runId, 'done'));
          current = null;
        }
        return { runIds: bound.map((entry) => entry.runId), summaries };
      } catch (error) {
        const failure = WorkbenchError.from(error);
        const state = signal.aborted ? 'cancelled' : 'failed';
        for (const { runId } of bound) {
          if (runId === current || store.run(runId).state === 'running') store.finishRun(runId, state, failure.toShape());
        }
        throw error;
      }
    },
  });

  for (const { target, binding, runId } of bound) {
    store.createRun({
      id: runId,
      jobId,
      label: binding.label,
      model: target.model,
      modelPath: binding.modelPath,
      lora: target.lora ?? null,
      loraScale: target.loraScale,
      mode: binding.mode,
      suiteName: suite.name,
      suiteSha256: suite.sha256,
      settings: request.settings,
      itemCount: items.length,
    });
  }
  return { jobId, runIds: bound.map((entry) => entry.runId) };
}

/** Re-runs items of a saved run with their reference passage in the prompt, and stores the new reply beside the old. */
export function startContextRerun(
  services: EngineServices,
  store: HallucinationRunStore,
  runId: string,
  itemIds: readonly string[] | undefined,
  bind: BindTarget = bindTarget,
): { jobId: string } {
  const run = store.run(runId);
  if (run.state === 'running') throw new WorkbenchError('conflict', `Run ${runId} is still going; re-run with context after it ends`, { field: 'runId' }, reason('run_still_going', { run: runId }));
  const wanted = itemIds && itemIds.length > 0 ? new Set(itemIds) : null;
  const entries = store.items(runId).filter((entry) => (wanted === null || wanted.has(entry.item.id)) && entry.item.passage !== undefined);
  if (entries.length === 0) {
    throw new WorkbenchError('bad_input', 'None of the chosen items has a reference passage to put in context', { field: 'itemIds' }, reason('items_have_no_reference', {}));
  }
  const finalState = run.state;
  const binding = bind(services, { model: run.modelPath, ...(run.lora ? { lora: run.lora } : {}), loraScale: run.loraScale, mode: run.mode });
  const { jobId } = services.jobs.start({
    kind: 'hallucination',
    title: `Context re-run: ${entries.length} item(s) on ${run.label}`,
    run: async ({ signal, progress }) => {
      for (const [index, { item, result }] of entries.entries()) {
        const context = await runWithContext(item, binding.model, run.settings, signal);
        store.updateResult(runId, { ...result, context });
        const data: RunProgress = { runId, itemId: item.id, verdict: context?.verdict ?? result.verdict, done: index + 1, total: entries.length };
        progress({ fraction: (index + 1) / entries.length, message: item.id, data });
      }
      return { runId, summary: store.finishRun(runId, finalState) };
    },
  });
  return { jobId };
}

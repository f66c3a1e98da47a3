import { randomUUID } from 'node:crypto';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { EvalJobResult, EvalProgress, EvalSettings, EvalSummary, EvalTarget, EvalTaskSource } from '../../shared/contract/evals.ts';
import type { EngineServices } from '../engineServices.ts';
import { bindEvalTarget, type BoundEvalTarget } from './bindEvalTarget.ts';
import type { EvalRunStore } from './evalRunStore.ts';
import { loadTask, taskInfo } from './loadTask.ts';
import { fewShotExamples } from './prompts/fewShot.ts';
import { scoreItem } from './scoring/scoreItem.ts';
import { summarizeResults } from './scoring/summarizeResults.ts';
import type { EvalItemResult } from '../../shared/contract/evals.ts';

export interface EvalRunRequest {
  readonly targets: readonly EvalTarget[];
  readonly tasks: readonly EvalTaskSource[];
  readonly settings: EvalSettings;
}

/** How a target becomes a model; tests may pass scripted models, the app binds the real inference engine. */
export type BindEvalTarget = (services: EngineServices, target: EvalTarget) => BoundEvalTarget;

/**
 * Runs every task on every model as one job, one saved run per model × task. Each item's result is saved as it
 * arrives, so a cancelled run keeps what it measured; cancelling aborts the item in flight (the scorer and the
 * generator take the signal), so a job stops within one forward pass.
 */
export function startEvalRun(
  services: EngineServices,
  store: EvalRunStore,
  request: EvalRunRequest,
  bind: BindEvalTarget = bindEvalTarget,
): { jobId: string; runIds: string[] } {
  // Load and bind before the job starts: a malformed task or a missing model is an error the caller sees at once.
  const tasks = request.tasks.map((source) => {
    const loaded = loadTask(source);
    const limit = request.settings.limit;
    const items = limit === null ? loaded.task.items : loaded.task.items.slice(0, limit);
    return { loaded, items, info: taskInfo(source, { ...loaded, task: { ...loaded.task, items } }) };
  });
  const bound = request.targets.map((target) => ({ target, binding: bind(services, target) }));
  const runs = bound.flatMap(({ target, binding }) => tasks.map((task) => ({ target, binding, task, runId: randomUUID() })));
  const total = runs.reduce((sum, run) => sum + run.task.items.length, 0);
  const title = `Eval: ${tasks.map((task) => task.loaded.task.name).join(', ')} on ${bound.map((entry) => entry.binding.label).join(', ')}`;

  const { jobId } = services.jobs.start<EvalJobResult>({
    kind: 'eval',
    title,
    run: async ({ signal, progress }) => {
      const summaries: EvalSummary[] = [];
      let done = 0;
      let current: string | null = null;
      try {
        for (const { binding, task, runId } of runs) {
          current = runId;
          const frame = request.settings.frame ?? task.loaded.task.frame;
          const results: EvalItemResult[] = [];
          for (const [position, item] of task.items.entries()) {
            signal.throwIfAborted();
            const shots = fewShotExamples(task.loaded.task.items, item, request.settings.shots, request.settings.seed, task.loaded.task.name);
            const result = await scoreItem(binding.model, item, { frame, shots, maxTokens: request.settings.maxTokens }, signal);
            store.saveResult(runId, position, result);
            results.push(result);
            done++;
            const data: EvalProgress = { runId, itemId: item.id, correct: result.correct, done, total };
            progress({ fraction: done / total, message: `${binding.label} · ${task.loaded.task.name}: ${item.id}`, data });
          }
          const summary = summarizeResults(results, task.info.chance);
          store.finishRun(runId, 'done', summary);
          summaries.push(summary);
          current = null;
        }
        return { runIds: runs.map((run) => run.runId), summaries };
      } catch (error) {
        const failure = WorkbenchError.from(error);
        const state = signal.aborted ? 'cancelled' : 'failed';
        for (const { runId } of runs) {
          if (runId !== current && store.run(runId).state !== 'running') continue;
          const partial = store.items(runId);
          store.finishRun(runId, state, partial.length === 0 ? null : summarizeResults(partial, runs.find((run) => run.runId === runId)!.task.info.chance), failure.toShape());
        }
        throw error;
      }
    },
  });

  for (const { target, binding, task, runId } of runs) {
    store.createRun({
      id: runId,
      jobId,
      label: binding.label,
      model: target.model,
      modelPath: binding.modelPath,
      lora: target.lora,
      loraScale: target.loraScale,
      taskName: task.loaded.task.name,
      taskSha256: task.loaded.sha256,
      frame: request.settings.frame ?? task.loaded.task.frame,
      settings: request.settings,
      itemCount: task.items.length,
    });
  }
  return { jobId, runIds: runs.map((run) => run.runId) };
}

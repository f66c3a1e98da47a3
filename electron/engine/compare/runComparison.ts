import type { CompareCell, CompareProgressItem, CompareRunRecord, PlacementPlan, ResolvedContender } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { CompareBackend } from './compareBackend.ts';
import { generationRequestFor } from './contenderRequests.ts';
import { planPlacement, type ModelDemand } from './planPlacement.ts';

export interface Comparison {
  readonly contenders: readonly ResolvedContender[];
  readonly prompts: readonly string[];
  readonly settings: CompareRunRecord['settings'];
}

export interface ComparisonHooks {
  readonly signal: AbortSignal;
  /** Every progress item with the run's fraction done (0..1). */
  emit(item: CompareProgressItem, fraction: number): void;
  /** A finished cell (saved by the caller before the next one starts). */
  onCell(cell: CompareCell): void;
  onPlan?(plan: PlacementPlan): void;
  /** Blind rounds: no timings or rendered prompts, which would give the contender away. */
  readonly hideIdentity?: boolean;
}

/** The memory estimate of every distinct model the contenders use, then the placement decision. */
export async function planComparison(backend: CompareBackend, contenders: readonly ResolvedContender[], requested: Comparison['settings']['placement']): Promise<PlacementPlan> {
  const columnsPerModel = new Map<string, number>();
  for (const contender of contenders) columnsPerModel.set(contender.modelPath, (columnsPerModel.get(contender.modelPath) ?? 0) + 1);
  const demands: ModelDemand[] = [];
  try {
    for (const [path, columns] of columnsPerModel) demands.push({ estimate: await backend.estimate(path), columns });
  } catch (error) {
    // A file the estimator cannot read will fail in its own column with a clear error; the others still run,
    // one after another since nothing is known about their memory.
    const why = `the memory estimate failed (${WorkbenchError.from(error).message})`;
    const unknown = { neededRamBytes: 0, freeRamBytes: 0, neededVramBytes: 0, freeVramBytes: null, models: columnsPerModel.size };
    return requested === 'together'
      ? { ...unknown, placement: 'together', forced: true, reason: `Together, as asked, although ${why}` }
      : { ...unknown, placement: 'sequential', forced: requested === 'sequential', reason: `One after another: ${why}` };
  }
  return planPlacement(demands, requested);
}

/**
 * Runs every prompt under every contender. Together: each prompt's columns generate at once (the inference host
 * gives each its own context). One after another: a column runs all its prompts, and its model is unloaded
 * before the next model loads unless it was loaded before the run. A failing cell (a base model asked for chat,
 * a bad adapter) is recorded and the rest go on; cancel stops everything.
 */
export async function runComparison(backend: CompareBackend, comparison: Comparison, hooks: ComparisonHooks): Promise<CompareCell[]> {
  const { contenders, prompts, settings } = comparison;
  const plan = await planComparison(backend, contenders, settings.placement);
  hooks.onPlan?.(plan);
  const total = prompts.length * contenders.length;
  const progressOf = new Map<string, number>();
  let completed = 0;
  const fraction = (): number => {
    let partial = 0;
    for (const value of progressOf.values()) partial += value;
    return Math.min(1, (completed + partial) / total);
  };
  hooks.emit({ type: 'plan', plan }, 0);
  const cells: CompareCell[] = [];

  const runCell = async (promptIndex: number, column: number): Promise<void> => {
    hooks.signal.throwIfAborted();
    const contender = contenders[column]!;
    const cellKey = `${promptIndex}:${column}`;
    progressOf.set(cellKey, 0);
    hooks.emit({ type: 'cell-start', prompt: promptIndex, column }, fraction());
    let generated = 0;
    let cell: CompareCell;
    try {
      const request = generationRequestFor(contender, { prompt: prompts[promptIndex]!, system: settings.system, fewShotLanguage: settings.fewShotLanguage }, settings);
      const result = await backend.generate(request, {
        signal: hooks.signal,
        onToken: (token) => {
          if (token.token) {
            generated++;
            progressOf.set(cellKey, Math.min(1, generated / settings.maxTokens));
          }
          if (token.delta !== '' || token.token) {
            hooks.emit({ type: 'token', prompt: promptIndex, column, delta: token.delta, tokenId: token.token?.id ?? null }, fraction());
          }
        },
      });
      cell = {
        prompt: promptIndex,
        column,
        text: result.text,
        finishReason: result.samples[0]?.finishReason ?? null,
        seed: result.samples[0]?.seed ?? settings.seed,
        timings: hooks.hideIdentity ? null : result.timings,
        renderedPrompt: hooks.hideIdentity ? null : result.renderedPrompt,
        error: null,
      };
    } catch (error) {
      if (hooks.signal.aborted) throw new WorkbenchError('cancelled', 'Comparison cancelled');
      cell = { prompt: promptIndex, column, text: '', finishReason: null, seed: settings.seed, timings: null, renderedPrompt: null, error: WorkbenchError.from(error).toShape() };
    }
    progressOf.delete(cellKey);
    completed++;
    cells.push(cell);
    hooks.onCell(cell);
    hooks.emit({ type: 'cell-done', cell }, fraction());
  };

  if (plan.placement === 'together') {
    for (let promptIndex = 0; promptIndex < prompts.length; promptIndex++) {
      await settleAll(contenders.map((_, column) => runCell(promptIndex, column)));
    }
  } else {
    const loadedBefore = new Set(await backend.loadedModelPaths());
    const order = columnsGroupedByModel(contenders);
    const release = (path: string) => (loadedBefore.has(path) ? Promise.resolve() : backend.unload(path).catch(() => undefined));
    for (const [position, column] of order.entries()) {
      const path = contenders[column]!.modelPath;
      try {
        for (let promptIndex = 0; promptIndex < prompts.length; promptIndex++) await runCell(promptIndex, column);
      } catch (error) {
        // Cancelled: memory was the reason to go one by one, so do not leave this model behind.
        await release(path);
        throw error;
      }
      const neededLater = order.slice(position + 1).some((later) => contenders[later]!.modelPath === path);
      if (!neededLater) await release(path);
    }
  }
  return cells.sort((a, b) => a.prompt - b.prompt || a.column - b.column);
}

/** Column order with columns of one model next to each other (first appearance decides), so no model loads twice. */
export function columnsGroupedByModel(contenders: readonly Pick<ResolvedContender, 'modelPath'>[]): number[] {
  const paths = [...new Set(contenders.map((contender) => contender.modelPath))];
  return paths.flatMap((path) => contenders.flatMap((contender, column) => (contender.modelPath === path ? [column] : [])));
}

/** Like Promise.all, but waits for every promise before rethrowing, so no cell is left running after a cancel. */
async function settleAll(promises: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

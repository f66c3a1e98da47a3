import { compareRunRequestSchema } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { BlindRoundStore } from './blindRoundStore.ts';
import { buildLeaderboard } from './buildLeaderboard.ts';
import type { CompareBackend } from './compareBackend.ts';
import { CompareRunStore } from './compareRunStore.ts';
import { engineCompareBackend } from './engineCompareBackend.ts';
import { exportCompareRun } from './exportCompareRun.ts';
import { buildFewShotPrompt } from './fewShotPrompt.ts';
import { parsePromptSet } from './parsePromptSet.ts';
import { resolveContenders } from './resolveContenders.ts';
import { planComparison } from './runComparison.ts';
import { scoreShift } from './scoreShift.ts';
import { startBlindRound } from './startBlindRound.ts';
import { startCompareRun } from './startCompareRun.ts';

export function registerCompareHandlers(registry: HandlerRegistry, services: EngineServices, backend: CompareBackend = engineCompareBackend(services)): void {
  const runs = new CompareRunStore(services.db);
  const rounds = new BlindRoundStore(services.db);
  runs.markInterrupted();
  rounds.markInterrupted();

  const start = (request: Parameters<typeof startCompareRun>[3]) => {
    const { jobId, runId } = startCompareRun(services.jobs, runs, backend, request);
    return { jobId, runId };
  };

  registry.handle('compare.run', (request) => start(request));
  registry.handle('compare.plan', async ({ contenders, placement }) => await planComparison(backend, resolveContenders(backend, contenders), placement));
  registry.handle('compare.fewShotPrompt', ({ prompt, system, language }) => buildFewShotPrompt(prompt, { system, language }));
  registry.handle('compare.parsePrompts', ({ text, fileName }) => parsePromptSet(text, fileName));
  registry.handle('compare.shift', async (request) => await scoreShift(backend, request));
  registry.handle('compare.history', ({ limit, offset }) => runs.list(limit, offset));
  registry.handle('compare.historyGet', ({ id }) => runs.get(id));
  registry.handle('compare.historyDelete', ({ id }) => ({ deleted: runs.delete(id) }));
  registry.handle('compare.rerun', ({ id }) => {
    const saved = runs.get(id);
    // The saved files, not library names: the library may have renamed or dropped them since.
    const request = compareRunRequestSchema.safeParse({
      contenders: saved.contenders.map((contender) => ({
        model: contender.modelPath,
        adapters: contender.adapters,
        mode: contender.mode,
        preset: contender.preset,
        sampling: contender.sampling,
        label: contender.label,
      })),
      prompts: saved.prompts,
      system: saved.settings.system,
      maxTokens: saved.settings.maxTokens,
      seed: saved.settings.seed,
      placement: saved.settings.placement,
      fewShotLanguage: saved.settings.fewShotLanguage,
      title: saved.title,
    });
    if (!request.success) throw new WorkbenchError('bad_input', `Comparison ${id} was saved in a form this version cannot re-run`, { field: 'id' }, reason('comparison_not_rerunnable', { id }));
    return start(request.data);
  });
  registry.handle('compare.export', ({ id, format }) => exportCompareRun(runs.get(id), format));
  registry.handle('compare.blindStart', (request) => {
    const { jobId, roundId } = startBlindRound(services.jobs, rounds, backend, request);
    return { jobId, roundId };
  });
  registry.handle('compare.blindGet', ({ roundId }) => rounds.get(roundId));
  registry.handle('compare.blindVote', ({ roundId, verdict }) => rounds.vote(roundId, verdict));
  registry.handle('compare.blindRounds', ({ limit }) => rounds.list(limit));
  registry.handle('compare.leaderboard', () => buildLeaderboard(rounds.votes()));
  registry.handle('compare.blindReset', () => ({ deleted: rounds.clear() }));
}

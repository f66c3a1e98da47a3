import { randomInt, randomUUID } from 'node:crypto';
import type { CompareRunRecord, CompareRunRequest, ResolvedContender } from '../../shared/contract/compare.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { JobRunner } from '../jobs/jobRunner.ts';
import type { CompareBackend } from './compareBackend.ts';
import type { CompareRunStore } from './compareRunStore.ts';
import { resolveContenders } from './resolveContenders.ts';
import { runComparison } from './runComparison.ts';

export interface StartedCompareRun {
  readonly jobId: string;
  readonly runId: string;
  /** The saved record once the job ends (rejects like the job does). */
  readonly done: Promise<CompareRunRecord>;
}

function defaultTitle(contenders: readonly ResolvedContender[], prompts: readonly string[]): string {
  const names = contenders.map((contender) => contender.label).join(' vs ');
  if (prompts.length > 1) return `${prompts.length} prompts: ${names}`;
  const prompt = prompts[0]!.replace(/\s+/g, ' ').trim();
  return `${prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt} — ${names}`;
}

/**
 * Saves the run, then compares in a job (kind 'compare'): cells are stored as they finish, the job's progress data
 * are CompareProgressItems and its result is the saved record.
 */
export function startCompareRun(jobs: JobRunner, store: CompareRunStore, backend: CompareBackend, request: CompareRunRequest): StartedCompareRun {
  const contenders = resolveContenders(backend, request.contenders);
  const seed = request.seed ?? randomInt(0, 0xffff_ffff);
  const settings = { system: request.system, maxTokens: request.maxTokens, seed, fewShotLanguage: request.fewShotLanguage, placement: request.placement };
  const runId = randomUUID();
  const title = request.title !== '' ? request.title : defaultTitle(contenders, request.prompts);
  store.create({ id: runId, title, contenders, settings, prompts: request.prompts });

  const started = jobs.start<CompareRunRecord>({
    kind: 'compare',
    title: `Compare: ${title}`,
    run: async ({ signal, progress }) => {
      try {
        await runComparison(
          backend,
          { contenders, prompts: request.prompts, settings },
          {
            signal,
            emit: (item, fraction) => progress({ fraction, data: item }),
            onCell: (cell) => store.saveCell(runId, cell),
            onPlan: (plan) => store.setPlan(runId, plan),
          },
        );
        store.finish(runId, 'done');
      } catch (error) {
        const shaped = signal.aborted ? new WorkbenchError('cancelled', 'Comparison cancelled') : WorkbenchError.from(error);
        store.finish(runId, shaped.code === 'cancelled' ? 'cancelled' : 'failed', shaped.toShape());
        throw shaped;
      }
      return store.get(runId);
    },
  });
  store.setJob(runId, started.jobId);
  return { jobId: started.jobId, runId, done: started.done };
}

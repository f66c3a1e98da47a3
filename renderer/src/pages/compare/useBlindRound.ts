import type { BlindRound, BlindVerdict, ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import type { PromptSettings } from './promptSettings.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { blindRound } from './compareStore.ts';
import { useCompareJob, type CompareJob, type CompareJobStore } from './useCompareJob.ts';

export interface BlindRoundState {
  readonly job: CompareJob;
  readonly round: BlindRound | null;
  readonly problem: string | null;
  /** Bumped after every vote, so the leaderboard refetches. */
  readonly votes: number;
  start(contenders: readonly ContenderInput[], settings: PromptSettings, messages: { needTwo: string; needPrompt: string; failed: string }): Promise<void>;
  vote(verdict: BlindVerdict): Promise<void>;
}

/** The current blind round, kept in compareStore.ts so switching tabs or pages mid-round loses nothing. */
export function useBlindRound(jobStore: CompareJobStore): BlindRoundState {
  const job = useCompareJob(jobStore);
  const [{ round, problem, votes }, setBlind] = useSessionState(blindRound);
  const setRound = (next: BlindRound | null): void => setBlind((current) => ({ ...current, round: next }));
  const setProblem = (next: string | null): void => setBlind((current) => ({ ...current, problem: next }));
  return {
    job,
    round,
    problem,
    votes,
    async start(contenders, settings, messages) {
      if (job.running) return;
      if (contenders.length < 2) return setProblem(messages.needTwo);
      if (settings.prompt.trim() === '') return setProblem(messages.needPrompt);
      setProblem(null);
      setRound(null);
      try {
        await job.start(
          () =>
            api.call('compare.blindStart', {
              contenders: [...contenders],
              prompt: settings.prompt,
              system: settings.system,
              maxTokens: settings.maxTokens,
              seed: settings.seed,
              fewShotLanguage: settings.fewShotLanguage,
            }),
          { prompts: [settings.prompt], columns: 2, labels: ['A', 'B'] },
          (finished) => {
            // The compare kind's result is a blind round here (compare.blindStart), never a prompt-set run.
            const result = finished.result !== null && 'texts' in finished.result ? finished.result : null;
            if (finished.state === 'done' && result) setRound(result);
            else if (finished.state === 'failed') setProblem(finished.error?.message ?? messages.failed);
          },
        );
      } catch (error) {
        setProblem((error as Error).message);
      }
    },
    async vote(verdict) {
      if (!round || round.state !== 'ready') return;
      try {
        setRound(await api.call('compare.blindVote', { roundId: round.id, verdict }));
        setBlind((current) => ({ ...current, votes: current.votes + 1 }));
      } catch (error) {
        setProblem((error as Error).message);
      }
    },
  };
}

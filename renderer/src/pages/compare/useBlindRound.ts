import { useState } from 'react';
import type { BlindRound, BlindVerdict, ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import type { PromptSettings } from './promptSettings.ts';
import { useCompareJob, type CompareJob } from './useCompareJob.ts';

export interface BlindRoundState {
  readonly job: CompareJob;
  readonly round: BlindRound | null;
  readonly problem: string | null;
  /** Bumped after every vote, so the leaderboard refetches. */
  readonly votes: number;
  start(contenders: readonly ContenderInput[], settings: PromptSettings, messages: { needTwo: string; needPrompt: string; failed: string }): Promise<void>;
  vote(verdict: BlindVerdict): Promise<void>;
}

/** The current blind round, kept by the page so switching tabs mid-round loses nothing. */
export function useBlindRound(): BlindRoundState {
  const job = useCompareJob();
  const [round, setRound] = useState<BlindRound | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [votes, setVotes] = useState(0);
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
            const result = finished.result as BlindRound | undefined;
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
        setVotes((count) => count + 1);
      } catch (error) {
        setProblem((error as Error).message);
      }
    },
  };
}

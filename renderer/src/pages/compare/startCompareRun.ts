import type { ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import type { PlacementChoice } from './PlacementBadge.tsx';
import type { PromptSettings } from './promptSettings.ts';
import type { CompareJob } from './useCompareJob.ts';

export interface CompareRunStart {
  readonly contenders: readonly ContenderInput[];
  readonly labels: readonly string[];
  readonly prompts: readonly string[];
  readonly settings: PromptSettings;
  readonly placement: PlacementChoice;
  /** The name the run is saved under in history; left out, the engine's default. */
  readonly title?: string;
}

/**
 * Runs the prompts across the contenders as one compare.run job (side by side and prompt sets alike). The run id
 * goes to onRunId as soon as the run exists, so Export can offer it before the job finishes. A run that cannot
 * start resolves to its message, for the panel to show; null when it started.
 */
export async function startCompareRun(job: CompareJob, start: CompareRunStart, onRunId: (runId: string) => void): Promise<string | null> {
  const { contenders, labels, prompts, settings, placement, title } = start;
  try {
    await job.start(
      async () => {
        const started = await api.call('compare.run', {
          contenders: [...contenders],
          prompts: [...prompts],
          system: settings.system,
          maxTokens: settings.maxTokens,
          seed: settings.seed,
          placement,
          fewShotLanguage: settings.fewShotLanguage,
          ...(title === undefined ? {} : { title }),
        });
        onRunId(started.runId);
        return started;
      },
      { prompts, columns: contenders.length, labels },
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

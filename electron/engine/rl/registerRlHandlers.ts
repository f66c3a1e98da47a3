import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { grpoProgressSchema, grpoResultSchema, type GrpoConfig, type GrpoResult } from '../../shared/contract/rl.ts';
import { compareAlignmentProgressSchema, compareAlignmentResultSchema, type CompareAlignmentResult } from '../../shared/contract/alignmentComparison.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { readGrpoHistory } from './grpoHistory.ts';
import { checkResumable } from './runGrpo.ts';
import { requireWorldFiles, worldFolder } from '../worldChat/worldFiles.ts';

/** Paths resolved, files checked before a job starts: a wrong path fails the call, naming the field. */
function resolvedConfig(services: EngineServices, input: GrpoConfig): GrpoConfig {
  const must = (path: string, field: string) => {
    const full = resolve(path);
    if (!existsSync(full)) throw new WorkbenchError('not_found', `${full} does not exist`, { file: full, field });
    return full;
  };
  return {
    ...input,
    modelPath: new ModelLibrary(services.db).resolve(input.modelPath).path,
    startAdapterPath: input.startAdapterPath === null ? null : must(input.startAdapterPath, 'startAdapterPath'),
    promptsPath: must(input.promptsPath, 'promptsPath'),
    heldOutPath: input.heldOutPath === null ? null : must(input.heldOutPath, 'heldOutPath'),
    rewards: input.rewards.map((reward) => (reward.kind === 'rm' ? { ...reward, path: must(reward.path, 'rewards.path') } : reward)),
    outPath: resolve(input.outPath),
    runDir: resolve(input.runDir),
  };
}

/**
 * GRPO jobs ('train-grpo'): the run happens in the trainer host (rl.grpo), which streams steps, sampled replies,
 * pass@1 and checkpoints; they go out as job.progress data and stay in the run folder's history for a reloaded
 * dashboard. Cancel stops within one native call; rl.grpoPause checkpoints first; starting again with the same run
 * folder resumes, also after the host was killed.
 */
export function registerRlHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('rl.grpoStart', (input) => {
    const config = resolvedConfig(services, input);
    checkResumable(config);
    const job = services.jobs.start<GrpoResult>({
      kind: 'train-grpo',
      exclusive: 'trainer',
      title: `GRPO ${config.promptsPath} → ${config.outPath}`,
      run: async ({ signal, progress }) => {
        const raw = await services.hosts.trainer.request('rl.grpo', config, {
          signal,
          onEvent: (event) => {
            const item = grpoProgressSchema.parse(event);
            progress({
              ...(item.type === 'step' ? { fraction: item.step / item.totalSteps } : {}),
              data: item,
            });
          },
        });
        return grpoResultSchema.parse(raw);
      },
    });
    job.done.catch(() => undefined);
    return { jobId: job.jobId };
  });

  registry.handle('rl.grpoPause', async ({ runDir }) => await services.hosts.trainer.request('rl.grpoPause', { runDir: resolve(runDir) }));

  registry.handle('rl.grpoHistory', ({ runDir }) => ({ items: readGrpoHistory(resolve(runDir)) }));

  // The alignment comparison: a 'compare-alignment' job in the trainer host, each method's row streamed as it is measured.
  registry.handle('rl.compareAlignmentStart', (input) => {
    const worldDir = worldFolder(input.worldDir);
    requireWorldFiles(worldDir, ['facts.json', 'qa.jsonl']);
    const config = { ...input, worldDir, modelPath: new ModelLibrary(services.db).resolve(input.modelPath).path, outDir: resolve(input.outDir) };
    const job = services.jobs.start<CompareAlignmentResult>({
      kind: 'compare-alignment',
      exclusive: 'trainer',
      title: `Refusal SFT vs DPO vs GRPO on ${worldDir}`,
      run: async ({ signal, progress }) => {
        const stages = 5;
        let done = 0;
        const raw = await services.hosts.trainer.request('rl.compareAlignment', config, {
          signal,
          onEvent: (event) => {
            const item = compareAlignmentProgressSchema.parse(event);
            if (item.type === 'row') done++;
            progress({
              fraction: Math.min(1, (done + (item.type === 'step' ? item.step / item.totalSteps / 2 : 0)) / stages),
              data: item,
            });
          },
        });
        return compareAlignmentResultSchema.parse(raw);
      },
    });
    job.done.catch(() => undefined);
    return { jobId: job.jobId };
  });
}

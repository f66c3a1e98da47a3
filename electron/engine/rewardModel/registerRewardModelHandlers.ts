import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { RewardModelEntry, RewardModelResult } from '../../shared/contract/rewardModel.ts';
import { rewardModelProgressSchema } from '../../shared/contract/rewardModel.ts';
import type { EngineServices } from '../engineServices.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { bestOfN } from './bestOfN.ts';
import { judgeFormatVersion, judgeRenderer } from './judgeText.ts';
import { manifestPathOf, readRewardManifest, writeRewardManifest } from './rewardModelManifest.ts';
import { judgePairsOf, splitHeldOut } from './rewardPairs.ts';
import { scoreAnswer } from './scoreAnswer.ts';
import type { RewardTrainingRun } from './trainRewardModel.ts';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Where reward models go unless a path is given; rewardModel.list reads this folder. */
export const rewardModelsDir = (services: EngineServices): string => join(services.home.adaptersDir, 'reward-models');

/**
 * Reward models: rewardModel.train reads the pairs from Datasets, renders their judge texts and runs a 'train-rm' job
 * in the trainer host, then writes the manifest that makes the adapter a reward model; rewardModel.score and
 * rewardModel.bestOfN use it in the inference host.
 */
export function registerRewardModelHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('rewardModel.train', (input) => {
    const model = new ModelLibrary(services.db).resolve(input.model);
    const renderer = judgeRenderer(inspectGguf(model.path).chatTemplate ?? null);
    const all = judgePairsOf(services.db, input.data, renderer, 'data');
    const { train, heldOut } = input.heldOut
      ? { train: all, heldOut: judgePairsOf(services.db, input.heldOut, renderer, 'heldOut') }
      : splitHeldOut(all, input.heldOutFraction, input.seed);
    const probes = input.probes.map((probe, index) => ({ label: probe.label, pairs: judgePairsOf(services.db, probe.data, renderer, `probes[${index}].data`) }));
    const name = input.name ?? `Reward model on ${model.name}`;
    const outPath = input.outPath ? resolve(input.outPath) : join(rewardModelsDir(services), `reward-${stamp()}.gguf`);
    const run: RewardTrainingRun = {
      modelPath: model.path,
      outPath,
      judgeAnswer: renderer.answer,
      train,
      heldOut,
      probes,
      lora: input.lora,
      epochs: input.epochs,
      lr: input.lr,
      batchSize: input.batchSize,
      contextLength: input.contextLength,
      evalEvery: input.evalEvery,
      seed: input.seed,
      ...(input.threads ? { threads: input.threads } : {}),
    };
    const job = services.jobs.start<RewardModelResult>({
      kind: 'train-rm',
      exclusive: 'trainer',
      title: `Reward model on ${model.name} → ${basename(outPath)}`,
      run: async ({ signal, progress }) => {
        const result = await services.hosts.trainer.request('rewardModel.train', run, {
          signal,
          onEvent: (raw) => {
            const item = rewardModelProgressSchema.parse(raw);
            progress({ ...(item.type === 'step' ? { fraction: item.step / item.totalSteps } : {}), data: item });
          },
        });
        const accuracy = (result.heldOut ?? result.train).after.accuracy;
        const manifestPath = await writeRewardManifest(result.outPath, {
          format: 'llm-workbench-reward-model',
          version: 1,
          name,
          modelPath: model.path,
          judgeFormat: judgeFormatVersion,
          judgeTokenId: result.judgeTokenId,
          accuracy,
          createdAt: new Date().toISOString(),
        });
        return {
          outPath: result.outPath,
          manifestPath,
          modelPath: model.path,
          steps: result.steps,
          accuracy,
          train: result.train,
          heldOut: result.heldOut,
          probes: result.probes,
          seconds: result.seconds,
        };
      },
    });
    return { jobId: job.jobId };
  });

  registry.handle('rewardModel.list', () => {
    const dir = rewardModelsDir(services);
    if (!existsSync(dir)) return [];
    const entries: RewardModelEntry[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.gguf'))) {
      const adapterPath = join(dir, file);
      if (!existsSync(manifestPathOf(adapterPath))) continue;
      try {
        const manifest = readRewardManifest(adapterPath);
        entries.push({ name: manifest.name, adapterPath, manifestPath: manifestPathOf(adapterPath), modelPath: manifest.modelPath, judgeTokenId: manifest.judgeTokenId, accuracy: manifest.accuracy, createdAt: manifest.createdAt });
      } catch {
        // a manifest that does not parse is not offered; scoring with it names the problem
      }
    }
    return entries.sort((a, b) => statSync(b.adapterPath).mtimeMs - statSync(a.adapterPath).mtimeMs);
  });

  registry.handle('rewardModel.score', async (input) => await scoreAnswer(services.hosts.inference, { rewardModel: resolve(input.rewardModel), prompt: input.prompt, answer: input.answer }));

  registry.handle('rewardModel.bestOfN', async (input) => await bestOfN(services, { ...input, rewardModel: resolve(input.rewardModel) }));
}

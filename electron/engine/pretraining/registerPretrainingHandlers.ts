import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pretrainingProgressSchema, pretrainingResultSchema, type PretrainingResult } from '../../shared/contract/pretraining.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { prepareWorld } from './prepareWorld.ts';
import { estimatePretraining, pretrainingPresetNames, pretrainingPresets } from './model/pretrainingPresets.ts';

/**
 * pretraining.presets lists the presets with their time and memory estimates; pretraining.start runs a job of
 * kind 'pretrain' in the trainer host and passes each setup/step/checkpoint item on as job.progress data.
 */
export function registerPretrainingHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('pretraining.presets', ({ threads }) =>
    pretrainingPresetNames.map((name) => {
      const preset = pretrainingPresets[name];
      const estimate = estimatePretraining(preset.shape, preset.suggestedVocab, preset.steps, preset.batchWindows, threads ?? availableParallelism());
      return {
        name,
        description: preset.description,
        ...preset.shape,
        suggestedVocab: preset.suggestedVocab,
        steps: preset.steps,
        batchWindows: preset.batchWindows,
        learningRate: preset.learningRate,
        parameters: estimate.parameters,
        estimatedSeconds: estimate.seconds,
        estimatedMemoryBytes: estimate.memoryBytes,
      };
    }),
  );

  registry.handle('pretraining.prepareWorld', (input) => prepareWorld(input, join(services.home.runsDir, 'pretraining')));

  registry.handle('pretraining.start', (input) => {
    const outPath = input.outPath ? resolve(input.outPath) : join(services.home.modelsDir, `pretrained-${input.preset}-${new Date().toISOString().replace(/[:.]/g, '-')}.gguf`);
    const request = { ...input, dataPath: resolve(input.dataPath), tokenizerPath: resolve(input.tokenizerPath), outPath };
    const job = services.jobs.start<PretrainingResult & { modelId: string }>({
      kind: 'pretrain',
      exclusive: 'trainer',
      title: `Pretrain ${input.preset} → ${request.outPath}`,
      run: async ({ signal, progress }) => {
        const raw = await services.hosts.trainer.request('pretraining.run', request, {
          signal,
          onEvent: (event) => {
            const item = pretrainingProgressSchema.parse(event);
            const fraction = item.type === 'step' ? item.step / item.totalSteps : null;
            progress({ ...(fraction === null ? {} : { fraction }), data: item });
          },
        });
        const result = pretrainingResultSchema.parse(raw);
        // The base model joins the library like any other GGUF, ready for the playground, compare and SFT.
        const { model } = new ModelLibrary(services.db).add(result.outPath, { source: 'pretraining', name: `Pretrained ${result.preset} (${basename(result.outPath)})` });
        return { ...result, modelId: model.id };
      },
    });
    return { jobId: job.jobId };
  });
}

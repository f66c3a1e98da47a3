import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { worldSftProgressSchema, type WorldProbeReport, type WorldSftResult } from '../../shared/contract/worldChat.ts';
import { DatasetStore } from '../datasets/datasetStore.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { buildIdkData } from './buildIdkData.ts';
import { greedyInInferenceHost } from './greedyInInferenceHost.ts';
import { runWorldProbe } from './runWorldProbe.ts';
import { worldSftRunResultSchema, type WorldSftRun } from './runWorldSft.ts';
import { requireWorldFiles, worldFolder } from './worldFiles.ts';

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/**
 * The world chat lab: worldChat.sft runs a 'world-sft' job in the trainer host and adds the model to the library
 * as a chat model; worldChat.probe runs a 'world-probe' job whose models answer in the inference host;
 * worldChat.buildIdkData turns a probe report into "I don't know" SFT and DPO datasets.
 */
export function registerWorldChatHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.handle('worldChat.sft', (input) => {
    const worldDir = worldFolder(input.worldDir);
    const model = new ModelLibrary(services.db).resolve(input.modelPath);
    let idkDataPath: string | undefined;
    if (input.data === 'idk') {
      if (!input.idkDataPath) throw new WorkbenchError('bad_input', 'SFT on "I don\'t know" data needs idkDataPath (worldChat.buildIdkData\'s sftPath)', { field: 'idkDataPath' }, reason('idk_data_needed', {}));
      idkDataPath = resolve(input.idkDataPath);
      if (!existsSync(idkDataPath)) throw new WorkbenchError('not_found', `${idkDataPath} does not exist`, { file: idkDataPath, field: 'idkDataPath' }, reason('file_not_found', { file: idkDataPath }));
    } else {
      requireWorldFiles(worldDir, ['qa.jsonl']);
    }
    const outPath = input.outPath ? resolve(input.outPath) : join(services.home.modelsDir, `world-chat-${input.data}-${stamp()}.gguf`);
    const request: WorldSftRun = { ...input, worldDir, modelPath: model.path, outPath, ...(idkDataPath ? { idkDataPath } : {}) };
    const job = services.jobs.start<WorldSftResult>({
      kind: 'world-sft',
      exclusive: 'trainer',
      title: `World SFT (${input.data}) of ${model.name} → ${outPath}`,
      run: async ({ signal, progress }) => {
        const raw = await services.hosts.trainer.request('worldChat.sft', request, {
          signal,
          onEvent: (event) => {
            const step = worldSftProgressSchema.parse(event);
            progress({ fraction: step.step / step.totalSteps, data: step });
          },
        });
        const result = worldSftRunResultSchema.parse(raw);
        const library = new ModelLibrary(services.db);
        const name = input.name ?? `World chat${input.data === 'idk' ? ' + I don\'t know' : ''} (${basename(outPath)})`;
        const { model: added } = library.add(result.outPath, { source: 'world-sft', name });
        // A user-chosen file name may read like a base model's; this one is a chat model whatever it is called.
        const entry = added.kind === 'chat' ? added : library.update(added.id, { kindOverride: 'chat' });
        return { ...result, modelId: entry.id };
      },
    });
    return { jobId: job.jobId };
  });

  registry.handle('worldChat.probe', (input) => {
    const library = new ModelLibrary(services.db);
    const models = input.models.map((model) => ({ label: model.label, modelPath: library.resolve(model.modelPath).path }));
    const worldDir = worldFolder(input.worldDir);
    requireWorldFiles(worldDir, ['facts.json', 'qa.jsonl', 'probes.jsonl']);
    const request = { ...input, worldDir, models };
    const job = services.jobs.start<WorldProbeReport>({
      kind: 'world-probe',
      title: `World probe: ${models.map((model) => model.label).join(' vs ')}`,
      run: async ({ signal, progress }) =>
        await greedyInInferenceHost(services.hosts.inference, signal, async (generate) =>
          await runWorldProbe(
            request,
            generate,
            (item) => progress({ fraction: (models.findIndex((model) => model.label === item.label) + item.done / item.total) / models.length, data: item }),
            signal,
          ),
        ),
    });
    return { jobId: job.jobId };
  });

  registry.handle('worldChat.buildIdkData', (input) =>
    buildIdkData({ datasetsDir: services.home.datasetsDir, tmpDir: services.home.tmpDir, datasets: new DatasetStore(services.db) }, input),
  );
}

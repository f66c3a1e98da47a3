import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { AdapterLibrary } from '../adapters/adapterLibrary.ts';
import { exportPeftAdapter } from '../adapters/interop/exportPeftAdapter.ts';
import { detectAdapterFormat, importLoraAdapter } from '../adapters/interop/importLoraAdapter.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { writeTrainingBundle } from '../training/export/writeTrainingBundle.ts';
import { importExternalRun } from '../training/external/importExternalRun.ts';
import { TrainingRunStore } from '../training/trainingRunStore.ts';

/** A file name from a user's adapter name: letters, digits, CJK, dot, dash, underscore. */
const fileSafe = (name: string): string => name.replace(/[^\w.\-\u4e00-\u9fff]+/g, '_').replace(/^_+|_+$/g, '') || 'adapter';

/**
 * interop.*: the engine functions the CLI's `adapter import/export` and `train export/import` use, for the UI.
 * Imported adapters are written under the data home's adapters folder (never next to the user's files).
 */
export function registerInteropHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const { db, home } = services;
  const basePath = (model: string): string => new ModelLibrary(db).resolve(model).path;

  registry.handle('interop.importAdapter', async ({ from, model, name }) => {
    const base = basePath(model);
    const { folder } = detectAdapterFormat(from);
    const adapterName = name ?? basename(folder);
    const out = join(home.adaptersDir, `${fileSafe(adapterName)}-${randomUUID().slice(0, 8)}.gguf`);
    const imported = await importLoraAdapter({ from, basePath: base, out, name: adapterName });
    const { adapter } = new AdapterLibrary(db).add({ path: imported.path, basePath: base, name: adapterName });
    return {
      adapterId: adapter.id,
      name: adapter.name,
      path: imported.path,
      sizeBytes: imported.sizeBytes,
      format: imported.format,
      architecture: imported.architecture,
      alpha: imported.alpha,
      ranks: [...imported.ranks],
      targets: [...imported.targets],
      permutedQK: [...imported.permutedQK],
      rescaled: [...imported.rescaled],
      declaredBase: imported.declaredBase,
      notes: [...imported.notes],
    };
  });

  registry.handle('interop.exportAdapter', async ({ adapterId, outDir, baseModelId, overwrite }) => {
    const adapter = new AdapterLibrary(db).get(adapterId);
    if (!adapter) throw new WorkbenchError('not_found', `No adapter with id ${adapterId} in the library`, { field: 'adapterId' }, reason('adapter_not_found', { adapter: String(adapterId) }));
    const result = await exportPeftAdapter({
      adapterPath: adapter.path,
      outDir,
      ...(existsSync(adapter.baseModelPath) ? { basePath: adapter.baseModelPath } : {}),
      ...(baseModelId ? { baseModelId } : {}),
      overwrite,
    });
    return { ...result, files: [...result.files], targetModules: [...result.targetModules], unpermutedQK: [...result.unpermutedQK], notes: [...result.notes] };
  });

  registry.handle('interop.exportBundle', async ({ runId, target, outDir, baseModelId, overwrite }) => {
    const config = new TrainingRunStore(db).detail(runId).config;
    const result = await writeTrainingBundle({ db, datasetsDir: home.datasetsDir, config, target, outDir, ...(baseModelId ? { baseModelId } : {}), overwrite });
    return {
      outDir: result.outDir,
      target: result.target,
      command: result.command,
      files: result.files,
      modelId: result.settings.modelId,
      baseModel: result.baseModel,
      trainRows: result.trainRows,
      validationRows: result.validationRows,
      unmapped: result.unmapped,
    };
  });

  registry.handle('interop.importRun', async ({ from, model, name }) => {
    const result = await importExternalRun(db, home, { from: resolve(from), basePath: basePath(model), ...(name ? { name } : {}) });
    return {
      runId: result.runId,
      adapterId: result.adapterId,
      name: result.run.name,
      objective: result.run.objective,
      steps: result.run.step,
      finalLoss: result.run.lastLoss,
      adapterPath: result.adapter.path,
      trainerState: result.trainerState,
      bundle: result.bundle,
    };
  });
}

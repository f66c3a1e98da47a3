import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ResolvedTrainingConfig, TrainingRunDetail } from '../../../shared/contract/training.ts';
import { importLoraAdapter, type ImportLoraResult } from '../../adapters/interop/importLoraAdapter.ts';
import { readJsonFile } from '../../adapters/interop/readJsonFile.ts';
import { DatasetStore } from '../../datasets/datasetStore.ts';
import { hashFile } from '../../datasets/hashFile.ts';
import type { DataHome } from '../../store/dataHome.ts';
import { findBundleManifest } from '../export/bundleManifest.ts';
import { resolveTrainingConfig } from '../resolveTrainingConfig.ts';
import { loadTrainingExamples } from '../trainingExamples.ts';
import { TrainingRunStore } from '../trainingRunStore.ts';
import { externalDatasetId, externalRunConfig } from './externalRunConfig.ts';
import { findTrainerOutput } from './findTrainerOutput.ts';
import { readTrainerState } from './readTrainerState.ts';

export interface ExternalRunImport {
  readonly runId: string;
  readonly adapterId: string;
  readonly adapter: ImportLoraResult;
  readonly trainerState: string;
  /** The bundle manifest the output was found in, when it came from a workbench bundle. */
  readonly bundle: string | null;
  readonly run: TrainingRunDetail;
}

/**
 * The dataset a bundle's run trained on, when it is still in the library: its name, and the data hash a local run
 * on the same rows records (so the history shows both trained on the same data). Unknown data has no hash (null).
 */
function bundleData(db: Database, config: ResolvedTrainingConfig): { name: string | null; sha256: string | null } {
  if (config.data.kind !== 'dataset' || config.data.datasetId === externalDatasetId) return { name: null, sha256: null };
  try {
    const name = new DatasetStore(db).get(config.data.datasetId).name;
    const hash = createHash('sha256');
    loadTrainingExamples(db, config.data, config.objective, hash);
    hash.update('\0validation\0');
    if (config.validation) loadTrainingExamples(db, config.validation, config.objective, hash);
    return { name, sha256: hash.digest('hex') };
  } catch {
    // Deleted since the bundle was written: the run keeps its settings, without a name or hash for its data.
    return { name: null, sha256: null };
  }
}

/** The backend an external run records: which trainer ran it, so the history tells it from local runs. */
export const externalBackend = (target: string | null): string => `external${target ? ` (${target})` : ''}`;

/**
 * A run trained elsewhere comes back as a finished run in the Training history: its PEFT adapter converted to a GGUF
 * adapter in the library (tied to the run, so Compare and the Playground find it), its Trainer log as the metric
 * points local runs have (loss, learning rate, epoch, grad norm, validation loss, TRL's DPO rewards).
 */
export async function importExternalRun(db: Database, home: DataHome, options: { from: string; basePath: string; name?: string }): Promise<ExternalRunImport> {
  const { adapterFolder, trainerState } = findTrainerOutput(options.from);
  const facts = readTrainerState(trainerState);
  const found = findBundleManifest(adapterFolder);
  const peft = readJsonFile(join(adapterFolder, 'adapter_config.json')) as { lora_dropout?: unknown };
  const runId = randomUUID();
  const bundleName = typeof found?.manifest.config.name === 'string' ? `${found.manifest.config.name} (${found.manifest.target})` : null;
  const name = options.name ?? bundleName ?? `external ${basename(options.from)}`;

  // The adapter's real shape decides the config; the converted file is where the config says the output goes.
  const probeConfig = externalRunConfig({ basePath: options.basePath, name, facts, lora: { rank: 1, alpha: 1, targets: [], dropout: 0 }, bundleConfig: found?.manifest.config ?? null });
  const context = { db, home, runId, datasetName: null, hasValidationSplit: false };
  const outputPath = resolveTrainingConfig(probeConfig, context).outputPath;
  mkdirSync(home.adaptersDir, { recursive: true });
  const adapter = await importLoraAdapter({ from: adapterFolder, basePath: options.basePath, out: outputPath, name });
  const lora = { rank: Math.max(...adapter.ranks), alpha: adapter.alpha, targets: adapter.targets, dropout: typeof peft.lora_dropout === 'number' ? peft.lora_dropout : 0 };
  const config = resolveTrainingConfig({ ...externalRunConfig({ basePath: options.basePath, name, facts, lora, bundleConfig: found?.manifest.config ?? null }), outputPath }, context);

  const data = bundleData(db, config);
  const store = new TrainingRunStore(db);
  const last = facts.points.at(-1)!;
  const lastVal = facts.points.findLast((point) => point.valLoss !== null)?.valLoss ?? null;
  store.create({ id: runId, config, datasetName: data.name, totalSteps: facts.maxSteps ?? facts.globalStep, dataSha256: data.sha256, runDir: join(home.runsDir, 'training', runId) });
  for (const point of facts.points) store.addMetric(runId, point);
  const adapterId = store.addAdapter({
    name,
    path: adapter.path,
    baseModelPath: options.basePath,
    runId,
    config,
    lora: { rank: lora.rank, alpha: lora.alpha, targets: config.lora?.targets ?? [] },
    dataSha256: data.sha256,
    finalLoss: last.loss,
    finalValLoss: lastVal,
    sha256: await hashFile(adapter.path),
    baseModelSha256: null,
  });
  store.update(runId, { state: 'done', output_path: adapter.path, step: facts.globalStep, backend: externalBackend(found?.manifest.target ?? null) });
  return { runId, adapterId, adapter, trainerState, bundle: found?.path ?? null, run: store.detail(runId) };
}

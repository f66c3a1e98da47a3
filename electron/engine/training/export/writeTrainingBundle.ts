import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DatasetFormat } from '../../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { ResolvedTrainingConfig, TrainingData } from '../../../shared/contract/training.ts';
import { baseModelIdFor, type BaseModelId } from '../../adapters/interop/baseModelIdentity.ts';
import { exportPeftAdapter } from '../../adapters/interop/exportPeftAdapter.ts';
import { DatasetStore } from '../../datasets/datasetStore.ts';
import { exportDataset } from '../../datasets/exportDataset.ts';
import { readGguf } from '../../gguf/ggufReader.ts';
import { unmappedSettings } from './bundleNotes.ts';
import { bundleManifest, bundleManifestFile } from './bundleManifest.ts';
import { bundleReadme, runCommand } from './bundleReadme.ts';
import { bundleSettingsFor, type BundleSettings } from './bundleSettings.ts';
import type { BundleTarget } from './bundleTarget.ts';
import { llamaFactoryTemplateFor } from './chatTemplateName.ts';
import { llamaFactoryDataDir, llamaFactoryDatasetInfo, llamaFactoryYaml } from './llamaFactoryFiles.ts';
import { accelerateConfig, trlScript, trlScriptName } from './trlFiles.ts';

export interface TrainingBundleRequest {
  readonly db: Database;
  readonly datasetsDir: string;
  readonly config: ResolvedTrainingConfig;
  readonly target: BundleTarget;
  readonly outDir: string;
  /** The Hugging Face id of the base; default: read from the base GGUF's metadata. */
  readonly baseModelId?: string;
  readonly overwrite?: boolean;
}

export interface TrainingBundleResult {
  readonly outDir: string;
  readonly target: BundleTarget;
  readonly command: string;
  readonly files: string[];
  readonly baseModel: BaseModelId;
  readonly settings: BundleSettings;
  readonly trainRows: number;
  readonly validationRows: number | null;
  /** What the bundle could not carry over (also in its README). */
  readonly unmapped: string[];
}

const placeholderModelId = 'SET-HUGGING-FACE-MODEL-ID';
const initAdapterFolder = 'init_adapter';

/** Which of our export formats each trainer reads: LLaMA-Factory's ShareGPT, TRL's conversational shapes. */
function dataFormat(target: BundleTarget, objective: 'sft' | 'dpo'): DatasetFormat {
  if (target === 'llama-factory') return 'sharegpt';
  return objective === 'dpo' ? 'trl-conversational' : 'openai';
}

/**
 * Writes a ready-to-run bundle for a PyTorch trainer from a run's resolved settings: the trainer's config, the data
 * in its format, and a README with the one command to run and what could not be mapped.
 */
export async function writeTrainingBundle(request: TrainingBundleRequest): Promise<TrainingBundleResult> {
  const outDir = resolve(request.outDir);
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !request.overwrite) {
    throw new WorkbenchError('bad_input', `${outDir} is not empty; pick a new folder or overwrite`, { field: 'out', file: outDir }, reason('folder_not_empty', { folder: outDir }));
  }
  const { config } = request;
  const metadata = readGguf(config.modelPath).metadata;
  const baseModel = baseModelIdFor(new Map(), metadata, request.baseModelId);
  const planned = bundleSettingsFor(config, baseModel.id ?? placeholderModelId);
  const objective = planned.objective;
  const store = new DatasetStore(request.db);
  // As local training refuses them (before anything is written): an SFT entry would drop a pair's answers.
  for (const data of [config.data, config.validation]) {
    if (data?.kind !== 'dataset') continue;
    const dataset = store.get(data.datasetId);
    const needed = objective === 'dpo' ? 'preference' : 'sft';
    if (dataset.kind !== needed) {
      throw new WorkbenchError('bad_input', `${dataset.name} holds ${dataset.kind} rows; ${objective} training needs ${needed === 'sft' ? 'an SFT' : 'a preference'} dataset`, { field: 'data' }, reason('bundle_dataset_wrong_kind', { dataset: dataset.name, kind: dataset.kind, objective }));
    }
  }
  // The adapter a run continues travels as PEFT, the form both trainers load.
  let initAdapter: string | null = null;
  let initAdapterProblem: string | null = null;
  if (config.initAdapterPath) {
    try {
      await exportPeftAdapter({ adapterPath: config.initAdapterPath, outDir: join(outDir, initAdapterFolder), basePath: config.modelPath, ...(baseModel.id ? { baseModelId: baseModel.id } : {}), overwrite: true });
      initAdapter = initAdapterFolder;
    } catch (error) {
      initAdapterProblem = error instanceof Error ? error.message : String(error);
    }
  }
  const settings: BundleSettings = { ...planned, initAdapter };
  const dataDir = join(outDir, 'data');
  mkdirSync(dataDir, { recursive: true });

  const format = dataFormat(request.target, objective);
  const dataNotes: string[] = [];
  const writeData = async (data: TrainingData, fileName: string): Promise<number> => {
    if (data.kind !== 'dataset') throw new WorkbenchError('bad_input', 'A bundle carries datasets, not text files', { field: 'data' }, reason('bundle_needs_dataset', {}));
    const written = await exportDataset(store, { datasetId: data.datasetId, format, fileType: 'jsonl', path: join(dataDir, fileName), split: data.split }, request.datasetsDir);
    dataNotes.push(...written.notes.map((note) => `${fileName}: ${note}`));
    return written.rows;
  };
  const trainRows = await writeData(config.data, 'train.jsonl');
  const validationRows = config.validation ? await writeData(config.validation, 'validation.jsonl') : null;
  const hasValidation = validationRows !== null;

  const template = llamaFactoryTemplateFor(metadata);
  const unmapped = [...dataNotes, ...unmappedSettings(config, metadata, request.target, { modelIdKnown: baseModel.id !== null, templateKnown: template !== null, initAdapterProblem })];
  const files: Record<string, string> =
    request.target === 'llama-factory'
      ? {
          'train.yaml': llamaFactoryYaml(settings, { template: template ?? 'default', hasValidation }),
          [join(llamaFactoryDataDir, 'dataset_info.json')]: llamaFactoryDatasetInfo(settings, { train: 'train.jsonl', validation: hasValidation ? 'validation.jsonl' : null }),
        }
      : { [trlScriptName(objective)]: trlScript(settings, { runName: config.name, hasValidation }), 'accelerate.yaml': accelerateConfig() };
  files['README.md'] = bundleReadme({
    runName: config.name,
    target: request.target,
    objective,
    modelId: settings.modelId,
    baseModel,
    baseModelPath: config.modelPath,
    trainRows,
    validationRows,
    unmapped,
  });
  files[bundleManifestFile] = bundleManifest({ target: request.target, config });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  const dataFiles = hasValidation ? ['data/train.jsonl', 'data/validation.jsonl'] : ['data/train.jsonl'];
  if (initAdapter) dataFiles.push(`${initAdapter}/adapter_config.json`, `${initAdapter}/adapter_model.safetensors`);
  return {
    outDir,
    target: request.target,
    command: runCommand(request.target, objective),
    files: [...Object.keys(files), ...dataFiles].sort(),
    baseModel,
    settings,
    trainRows,
    validationRows,
    unmapped,
  };
}

import { createHash } from 'node:crypto';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ResolvedTrainingConfig, TrainingConfig, TrainingData } from '../../shared/contract/training.ts';
import { DatasetStore } from '../datasets/datasetStore.ts';
import type { EngineServices } from '../engineServices.ts';
import { readGguf, type GgufFile } from '../gguf/ggufReader.ts';
import { inspectGgufFile } from '../gguf/inspectGguf.ts';
import { resolveTrainingConfig } from './resolveTrainingConfig.ts';
import { loadTrainingExamples, type TrainingExample } from './trainingExamples.ts';
import type { TrainingCountResult } from './run/trainingHostProtocol.ts';
import { totalStepsFor } from './trainingSchedule.ts';

export interface PreparedRun {
  /** Rows, tokens and skipped rows as the run will tokenize them (set by countTrainingRows). */
  counts?: TrainingCountResult;
  config: ResolvedTrainingConfig;
  datasetName: string | null;
  train: TrainingExample[];
  validation: TrainingExample[];
  dataSha256: string;
  totalSteps: number;
  chatTemplate: string | null;
}

/** A dataset is named by id or by its (unique) name. */
function resolveDatasetData(store: DatasetStore, data: TrainingData): { data: TrainingData; name: string | null; hasValidation: boolean } {
  if (data.kind !== 'dataset') return { data, name: null, hasValidation: false };
  const summary = store.list().find((d) => d.id === data.datasetId) ?? store.list().find((d) => d.name === data.datasetId);
  if (!summary) throw new WorkbenchError('not_found', `No dataset "${data.datasetId}" in the library`, { field: 'data.datasetId' }, reason('dataset_not_found', { dataset: data.datasetId }));
  return { data: { ...data, datasetId: summary.id }, name: summary.name, hasValidation: summary.validationRows > 0 };
}

/**
 * Resolves the config and reads the rows it names: everything the engine owns before the trainer host takes over.
 * `modelHeader`: the model's GGUF header when the caller has read it already (a 150k-token vocabulary takes a
 * noticeable time to parse, and training.estimate runs on every settled form edit).
 */
export function prepareTrainingRun(services: EngineServices, input: TrainingConfig, runId: string, modelHeader?: GgufFile): PreparedRun {
  const store = new DatasetStore(services.db);
  const main = resolveDatasetData(store, input.data);
  const validationInput = input.validation ? resolveDatasetData(store, input.validation).data : input.validation;
  const config = resolveTrainingConfig(
    { ...input, data: main.data, ...(validationInput === undefined ? {} : { validation: validationInput }) },
    { db: services.db, home: services.home, runId, datasetName: main.name, hasValidationSplit: main.hasValidation },
  );
  return { ...loadRunData(services, config, modelHeader), datasetName: main.name };
}

/** Reads the rows of a resolved config (again on resume: the same rows give the same data hash). */
export function loadRunData(services: EngineServices, config: ResolvedTrainingConfig, modelHeader?: GgufFile): Omit<PreparedRun, 'datasetName'> {
  const hash = createHash('sha256');
  const train = loadTrainingExamples(services.db, config.data, config.objective, hash);
  hash.update('\0validation\0');
  const validation = config.validation ? loadTrainingExamples(services.db, config.validation, config.objective, hash) : [];
  if (train.length === 0) throw new WorkbenchError('bad_input', 'The training data has no rows', { field: 'data' }, reason('no_training_rows', {}));
  const totalSteps = totalStepsFor(train.length, config.epochs, config.batchSize * config.gradAccum, config.maxSteps);
  const header = modelHeader?.path === config.modelPath ? modelHeader : readGguf(config.modelPath);
  const chatTemplate = inspectGgufFile(header).chatTemplate ?? null;
  return { config, train, validation, dataSha256: hash.digest('hex'), totalSteps, chatTemplate };
}

/**
 * Counts what will really train (rows longer than the context are left out) with the model's vocabulary in the
 * inference host, and sets the step count from the rows kept: "epochs 1" then means one pass over those rows.
 */
export async function countTrainingRows(services: EngineServices, prepared: PreparedRun): Promise<PreparedRun & { counts: TrainingCountResult }> {
  const { config } = prepared;
  const counts = await services.hosts.inference.request('training.countRows', {
    modelPath: config.modelPath,
    objective: config.objective,
    chatTemplate: prepared.chatTemplate,
    contextLength: config.contextLength,
    longRows: config.longRows,
    train: prepared.train,
    validation: prepared.validation,
  });
  if (counts.trainRows === 0) {
    throw new WorkbenchError('bad_input', `No training row fits the context length ${config.contextLength} (${counts.skipped.length} skipped)`, {
      field: 'contextLength',
    }, reason('no_row_fits_context', { context: config.contextLength, skipped: counts.skipped.length }));
  }
  const totalSteps = totalStepsFor(counts.trainRows, config.epochs, config.batchSize * config.gradAccum, config.maxSteps);
  return { ...prepared, counts, totalSteps };
}

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { JobKind } from '../../shared/contract/jobs.ts';
import type { TrainingObjective, TrainingProgress } from '../../shared/contract/training.ts';
import { hashFile } from '../datasets/hashFile.ts';
import type { EngineServices } from '../engineServices.ts';
import { cachedSha256 } from '../models/fileHashes.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import { loadRunData, type PreparedRun } from './prepareTrainingRun.ts';
import { latestCheckpoint } from './run/checkpointDirs.ts';
import type { TrainingHostEvent, TrainingRunRequest, TrainingRunResult } from './run/trainingHostProtocol.ts';
import { TrainingRunStore } from './trainingRunStore.ts';
import { runOwnerOf } from './runOwner.ts';

/** Checkpoints kept on disk per run: full-parameter ones hold the weights and both AdamW moments. */
const keptCheckpoints = 3;

const jobKinds: Record<TrainingObjective, JobKind> = { sft: 'train-sft', dpo: 'train-dpo', full: 'train-full' };

export function trainingRunDir(services: EngineServices, runId: string): string {
  return join(services.home.runsDir, 'training', runId);
}

/**
 * Starts the job that works on a run: the trainer host trains, this side stores every streamed step, checkpoint and
 * sample in SQLite and passes them on as job.progress data. A crash of the host leaves the run 'interrupted'
 * (resumable from its last checkpoint); a pause leaves it 'paused'.
 */
export function startTrainingJob(services: EngineServices, runId: string, options: { resume: boolean; prepared?: PreparedRun }): string {
  const store = new TrainingRunStore(services.db);
  const row = store.row(runId);
  const config = store.config(runId);
  const data = options.prepared ?? loadRunData(services, config);
  if (options.resume && row.data_sha256 !== null && data.dataSha256 !== row.data_sha256) {
    throw new WorkbenchError('conflict', `The training data of run "${row.name}" changed since it started, so it cannot continue in the same order; start a new run`, {
      field: 'data',
    }, reason('run_data_changed', { run: row.name }));
  }
  const runDir = trainingRunDir(services, runId);
  if (options.resume) store.truncateAfter(runId, latestCheckpoint(runDir)?.step ?? 0);
  const request: TrainingRunRequest = {
    runId,
    config,
    chatTemplate: data.chatTemplate,
    train: data.train,
    validation: data.validation,
    runDir,
    resume: options.resume,
  };

  const job = services.jobs.start<TrainingRunResult>({
    kind: jobKinds[config.objective],
    title: `${options.resume ? 'Resume' : 'Train'} ${config.name}`,
    exclusive: 'trainer',
    run: async ({ signal, progress }) => {
      store.update(runId, { state: 'running', error: null, owner: runOwnerOf(services) });
      const onEvent = (raw: unknown) => {
        const event = raw as TrainingHostEvent;
        if (event.type === 'setup') {
          store.update(runId, { trainable_parameters: event.trainableParameters, backend: event.backend });
          return;
        }
        const item: TrainingProgress = event;
        if (item.type === 'step') store.addMetric(runId, item.point);
        else if (item.type === 'checkpoint') {
          store.addCheckpoint(runId, item.step, item.path);
          for (const path of store.pruneCheckpoints(runId, keptCheckpoints)) rmSync(path, { recursive: true, force: true });
        }
        else if (item.type === 'sample') store.addSample(runId, item.sample);
        progress({
          ...(item.type === 'step' ? { fraction: item.point.step / Math.max(1, item.totalSteps) } : {}),
          data: item,
        });
      };
      try {
        // A resumed run keeps the step count it started with (counted from the rows that train).
        const totalSteps = options.resume ? row.total_steps : data.totalSteps;
        const result = await services.hosts.trainer.request('training.run', { request, totalSteps }, { signal, onEvent });
        if (result.status === 'paused') {
          store.update(runId, { state: 'paused' });
          return result;
        }
        await finishRun(services, store, runId, result);
        return result;
      } catch (error) {
        const failure = WorkbenchError.from(error);
        // Engine shutdown cancels jobs after closing nothing but before we get here the database may be gone:
        // the run then stays 'running' and the next engine start marks it interrupted.
        if (!services.db.open) throw failure;
        const state =
          failure.code === 'cancelled' ? 'cancelled' : failure.code === 'host_crashed' && latestCheckpoint(runDir) ? 'interrupted' : 'failed';
        // A cancel is the user's choice, not an error: the run keeps its checkpoints to resume or save from.
        store.update(runId, { state, error: state === 'cancelled' ? null : failure.message });
        throw failure;
      }
    },
  });
  // The run's state records the outcome; nobody awaits the promise itself.
  job.done.catch(() => undefined);
  store.update(runId, { job_id: job.jobId });
  return job.jobId;
}

/** The output joins the library: a LoRA adapter tied to its base model, or a full model as a GGUF model entry. */
async function finishRun(services: EngineServices, store: TrainingRunStore, runId: string, result: TrainingRunResult): Promise<void> {
  const config = store.config(runId);
  const outputPath = result.outputPath ?? config.outputPath;
  await addRunOutput(services, store, runId, { path: outputPath, name: config.name, lora: result.lora, finalLoss: result.finalLoss, finalValLoss: result.finalValLoss });
  store.update(runId, { state: 'done', output_path: outputPath, step: result.step });
}

/** A run's adapter (or full model) file into the library, at the end of the run or saved from one of its checkpoints. */
export async function addRunOutput(
  services: EngineServices,
  store: TrainingRunStore,
  runId: string,
  output: { path: string; name: string; lora: TrainingRunResult['lora']; finalLoss: number | null; finalValLoss: number | null },
): Promise<void> {
  const config = store.config(runId);
  const row = store.row(runId);
  if (config.objective === 'full') {
    new ModelLibrary(services.db).add(output.path, { source: 'training', name: output.name });
    return;
  }
  const lora = output.lora ?? config.lora;
  if (!lora) throw new WorkbenchError('internal', 'A LoRA run finished without adapter settings');
  store.addAdapter({
    lora,
    name: output.name,
    path: output.path,
    baseModelPath: config.modelPath,
    // cached by size + mtime (file_hashes): the playground usually hashed this model already
    baseModelSha256: await cachedSha256(services.db, config.modelPath),
    runId,
    config,
    dataSha256: row.data_sha256,
    finalLoss: output.finalLoss,
    finalValLoss: output.finalValLoss,
    sha256: await hashFile(output.path),
  });
}

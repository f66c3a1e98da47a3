import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { trainingObjectives, trainingPresets } from '../../shared/contract/training.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { resolveModelPath } from '../models/resolveModelPath.ts';
import { estimateTraining } from './estimateTraining.ts';
import { countTrainingRows, prepareTrainingRun } from './prepareTrainingRun.ts';
import { latestCheckpoint } from './run/checkpointDirs.ts';
import { addRunOutput, startTrainingJob, trainingRunDir } from './trainingJobs.ts';
import { presetDescription, presetValues } from './trainingPresets.ts';
import { TrainingRunStore } from './trainingRunStore.ts';
import { isRunOwnerAlive } from './runOwner.ts';

/**
 * training.*: runs are rows in SQLite worked on by jobs (train-sft / train-dpo / train-full) that drive the trainer
 * host. Runs a killed app left running become 'interrupted' here, at engine start, and can be resumed.
 */
export function registerTrainingHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const store = new TrainingRunStore(services.db);
  store.markInterrupted(isRunOwnerAlive);

  // One trainer session at a time: two would share the trainer host's cores and memory and both crawl.
  const assertIdle = (): void => {
    services.jobs.assertFree('trainer');
    const busy = store.list(500).find((run) => run.state === 'running' || run.state === 'queued');
    if (busy) throw new WorkbenchError('conflict', `Run "${busy.name}" is training; pause or cancel it first`, { field: 'runId', runId: busy.id }, reason('run_is_training', { run: busy.name }));
  };

  registry.handle('training.presets', () =>
    trainingObjectives.flatMap((objective) =>
      trainingPresets.map((preset) => ({ preset, objective, values: { ...presetValues(objective, preset) }, description: presetDescription(preset) })),
    ),
  );

  registry.handle('training.estimate', ({ config }) => estimateTraining(services, config));

  registry.handle('training.start', async ({ config }) => {
    assertIdle();
    const runId = randomUUID();
    const prepared = await countTrainingRows(services, prepareTrainingRun(services, config, runId));
    assertIdle();
    store.create({
      id: runId,
      config: prepared.config,
      datasetName: prepared.datasetName,
      totalSteps: prepared.totalSteps,
      dataSha256: prepared.dataSha256,
      runDir: trainingRunDir(services, runId),
    });
    const jobId = startTrainingJob(services, runId, { resume: false, prepared });
    return { runId, jobId };
  });

  registry.handle('training.resume', ({ runId }) => {
    const row = store.row(runId);
    if (row.state !== 'paused' && row.state !== 'interrupted' && row.state !== 'cancelled') {
      throw new WorkbenchError('conflict', `Run "${row.name}" is ${row.state}; only paused, interrupted or cancelled runs can be resumed`, { field: 'runId' }, reason('run_not_resumable', { run: row.name, state: row.state }));
    }
    assertIdle();
    if (!latestCheckpoint(trainingRunDir(services, runId))) {
      throw new WorkbenchError('conflict', `Run "${row.name}" has no checkpoint to resume from; start it again`, { field: 'runId' }, reason('run_has_no_checkpoint', { run: row.name }));
    }
    return { runId, jobId: startTrainingJob(services, runId, { resume: true }) };
  });

  registry.handle('training.pause', async ({ runId }) => {
    const row = store.row(runId);
    if (row.state !== 'running') return { paused: false };
    return await services.hosts.trainer.request('training.pause', { runId });
  });

  registry.handle('training.cancel', ({ runId }) => {
    const row = store.row(runId);
    if (row.state === 'running' || row.state === 'queued') {
      return { cancelled: row.job_id !== null && services.jobs.cancel(row.job_id) };
    }
    if (row.state === 'paused' || row.state === 'interrupted') {
      store.update(runId, { state: 'cancelled' });
      return { cancelled: true };
    }
    return { cancelled: false };
  });

  registry.handle('training.saveCheckpoint', async ({ runId, step }) => {
    const row = store.row(runId);
    const config = store.config(runId);
    const checkpoints = store.detail(runId).checkpoints;
    const checkpoint = step === undefined ? checkpoints.at(-1) : checkpoints.find((entry) => entry.step === step);
    if (!checkpoint) {
      const kept = checkpoints.map((entry) => entry.step).join(', ') || 'none';
      throw new WorkbenchError('not_found', `Run "${row.name}" has no checkpoint${step === undefined ? '' : ` at step ${step}`} (kept: ${kept})`, { field: 'step' }, reason('run_checkpoint_not_found', { run: row.name, kept }));
    }
    const outputPath = config.outputPath.replace(/(\.gguf)?$/i, `-step-${checkpoint.step}.gguf`);
    const saved = await services.hosts.trainer.request('training.exportCheckpoint', { config, checkpointDir: checkpoint.path, outputPath });
    const metric = store.detail(runId).metrics.find((point) => point.step === saved.step);
    await addRunOutput(services, store, runId, {
      path: saved.outputPath,
      name: `${config.name} (step ${saved.step})`,
      lora: null,
      finalLoss: metric?.loss ?? null,
      finalValLoss: metric?.valLoss ?? null,
    });
    return { step: saved.step, path: saved.outputPath };
  });

  registry.handle('training.runs', ({ limit }) => store.list(limit));
  registry.handle('training.run', ({ runId }) => store.detail(runId));

  registry.handle('training.deleteRun', ({ runId, deleteOutput }) => {
    const row = store.row(runId);
    if (row.state === 'running' || row.state === 'queued') {
      throw new WorkbenchError('conflict', `Run "${row.name}" is training; cancel it first`, { field: 'runId' }, reason('run_is_training', { run: row.name }));
    }
    rmSync(row.run_dir, { recursive: true, force: true });
    if (deleteOutput && row.output_path) {
      rmSync(row.output_path, { force: true });
      services.db.prepare('DELETE FROM adapters WHERE path = ?').run(row.output_path);
    }
    return { deleted: store.delete(runId) };
  });

  registry.handle('training.adapters', ({ model }) => store.adapters(model === undefined ? null : resolveModelPath(services.db, model)));
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingMetricPoint, TrainingProgress } from '../../../electron/shared/contract/training.ts';
import { createEngine } from '../../../electron/engine/createEngine.ts';
import { createNodeHostSpawner } from '../../../electron/engine/hosts/nodeHostSpawner.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';

const stepsOf = (progress: TrainingProgress[]): TrainingMetricPoint[] =>
  progress.flatMap((item) => (item.type === 'step' ? [item.point] : []));

/**
 * Runs survive their jobs: kill -9 of the trainer host mid-run leaves the run interrupted and resumable, the
 * resumed job continues from the last checkpoint with the same data order (the redone step's loss equals the one
 * recorded before the crash); pause checkpoints and stops; cancel ends the run.
 */
describe('training: crash, resume, pause, cancel', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  let datasetId: string;
  beforeAll(async () => {
    engine = createTestEngine('training-resume');
    modelPath = await fixtureModel('tiny-chat');
    datasetId = (await importJsonl(engine, 'qa.jsonl', conversationsJsonl(qaPairs))).id;
  });
  afterAll(async () => {
    await engine.dispose();
  });

  // Two rows per step: the loss of a step depends on which rows the data order puts there.
  const config = () =>
    tinySftConfig(modelPath, datasetId, { batchSize: 2, epochs: 100, checkpointEvery: 10, evalEvery: 50, samplePrompts: ['Say hello.'] });

  it('kill -9 of the trainer host → interrupted → resume continues the steps and the loss curve', async () => {
    let killedPid: number | null = null;
    const crashed = await runTrainingJob(engine, 'training.start', { config: config() }, (item) => {
      if (item.type !== 'checkpoint' || killedPid !== null) return;
      killedPid = engine.services.hosts.trainer.status().pid;
      if (killedPid !== null) process.kill(killedPid, 'SIGKILL');
    });
    expect(killedPid).not.toBeNull();
    expect(crashed.finished.state).toBe('failed');
    expect(crashed.finished.error?.code).toBe('host_crashed');
    const before = await runDetail(engine, crashed.runId);
    expect(before.state).toBe('interrupted');
    const checkpoint = before.checkpoints.at(-1)!.step;
    expect(checkpoint).toBeGreaterThanOrEqual(10);
    expect(checkpoint).toBeLessThan(200);
    const beforeSteps = stepsOf(crashed.progress);

    const resumed = await runTrainingJob(engine, 'training.resume', { runId: crashed.runId });
    expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');
    const resumedSteps = stepsOf(resumed.progress);
    expect(resumedSteps[0]!.step).toBe(checkpoint + 1);
    const redone = beforeSteps.find((p) => p.step === checkpoint + 1);
    if (redone) expect(resumedSteps[0]!.loss).toBeCloseTo(redone.loss, 4);
    // the curve continues where it was, it does not start again from the base model's loss
    expect(resumedSteps[0]!.loss).toBeLessThan(beforeSteps[0]!.loss * 0.7);

    const after = await runDetail(engine, crashed.runId);
    expect(after.state).toBe('done');
    expect(after.metrics.map((m) => m.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(after.metrics.at(-1)!.loss).toBeLessThan(after.metrics[0]!.loss * 0.1);
    expect(after.outputPath).not.toBeNull();
  });

  it('pause checkpoints and stops; resume finishes; cancel ends a run', async () => {
    let pauseCalled = false;
    const paused = await runTrainingJob(engine, 'training.start', { config: config() }, (item) => {
      if (item.type === 'step' && !pauseCalled) {
        pauseCalled = true;
        void engine.call('training.pause', { runId: item.runId });
      }
    });
    expect(paused.finished.state, paused.finished.error?.message).toBe('done');
    const pausedDetail = await runDetail(engine, paused.runId);
    expect(pausedDetail.state).toBe('paused');
    const pausedAt = pausedDetail.step;
    expect(pausedAt).toBeLessThan(200);
    expect(pausedDetail.checkpoints.at(-1)!.step).toBe(pausedAt);

    const resumed = await runTrainingJob(engine, 'training.resume', { runId: paused.runId });
    expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');
    expect(stepsOf(resumed.progress)[0]!.step).toBe(pausedAt + 1);
    expect((await runDetail(engine, paused.runId)).metrics).toHaveLength(200);

    let cancelCalled = false;
    let secondStart: Promise<unknown> | null = null;
    const cancelled = await runTrainingJob(engine, 'training.start', { config: config() }, (item) => {
      if (item.type === 'step' && !cancelCalled) {
        cancelCalled = true;
        secondStart = engine.call('training.start', { config: config() }).then(
          () => 'started',
          (error: unknown) => error,
        );
        void engine.call('training.cancel', { runId: item.runId });
      }
    });
    // one run trains at a time
    expect(await secondStart).toMatchObject({ code: 'conflict' });
    expect(cancelled.finished.state).toBe('cancelled');
    const cancelledDetail = await runDetail(engine, cancelled.runId);
    expect(cancelledDetail.state).toBe('cancelled');
    expect(cancelledDetail.step).toBeLessThan(200);
    await expect(engine.call('training.resume', { runId: cancelled.runId })).rejects.toMatchObject({ code: 'conflict' });

    // only the newest three checkpoints stay on disk and in the run
    const done = await runDetail(engine, paused.runId);
    expect(done.checkpoints.map((c) => c.step)).toEqual([180, 190, 200]);
    expect(done.checkpoints.every((c) => existsSync(c.path))).toBe(true);
    expect(existsSync(join(done.checkpoints[0]!.path, '..', 'step-0000170'))).toBe(false);

    expect(await engine.call('training.deleteRun', { runId: cancelled.runId, deleteOutput: false })).toEqual({ deleted: true });
    expect(((await engine.call('training.runs', {})) as { id: string }[]).map((r) => r.id)).not.toContain(cancelled.runId);
    expect(existsSync(cancelledDetail.checkpoints[0]?.path ?? join(engine.homePath, 'runs', 'training', cancelled.runId))).toBe(false);
  });
});

describe('training: a run the app left running', () => {
  it('becomes interrupted when the next engine starts, and resumes to the end', async () => {
    const home = createTempHome('training-restart');
    const open = () => createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
    const modelPath = await fixtureModel('tiny-chat');
    let engine = open();
    try {
      const datasetId = (await importJsonl(engine, 'qa.jsonl', conversationsJsonl(qaPairs))).id;
      const config = tinySftConfig(modelPath, datasetId, { batchSize: 2, epochs: 100, checkpointEvery: 10, evalEvery: 50 });
      const { runId } = (await engine.call('training.start', { config })) as { runId: string };
      // the app quits after the first checkpoint, while the run is training
      await expect.poll(async () => (await runDetail(engine, runId)).checkpoints.length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
      await engine.dispose();

      engine = open();
      const left = await runDetail(engine, runId);
      expect(left.state).toBe('interrupted');
      const resumed = await runTrainingJob(engine, 'training.resume', { runId });
      expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');
      const detail = await runDetail(engine, runId);
      expect(detail.metrics.map((m) => m.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    } finally {
      await engine.dispose();
      home.cleanup();
    }
  });

  it('is left alone by a second engine opened on the same data home while it trains (app + CLI)', async () => {
    const home = createTempHome('training-two-engines');
    const open = () => createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
    const modelPath = await fixtureModel('tiny-chat');
    const app = open();
    let cli: ReturnType<typeof open> | null = null;
    try {
      const datasetId = (await importJsonl(app, 'qa.jsonl', conversationsJsonl(qaPairs))).id;
      const config = tinySftConfig(modelPath, datasetId, { batchSize: 2, epochs: 100, checkpointEvery: 10, evalEvery: 50 });
      const { runId } = (await app.call('training.start', { config })) as { runId: string };
      await expect.poll(async () => (await runDetail(app, runId)).metrics.length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);

      cli = open();
      expect((await runDetail(cli, runId)).state).toBe('running');
      const stepBefore = (await runDetail(app, runId)).step;
      await expect.poll(async () => (await runDetail(app, runId)).step, { timeout: 60_000, interval: 20 }).toBeGreaterThan(stepBefore);
      expect((await runDetail(app, runId)).state).toBe('running');
      await app.call('training.cancel', { runId });
    } finally {
      await cli?.dispose();
      await app.dispose();
      home.cleanup();
    }
  });
});

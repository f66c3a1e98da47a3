import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterEntry } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';

/**
 * Cancel is the user's choice, not an error: the run says it was cancelled (no error text), keeps its checkpoints,
 * can save the adapter as of the last one, and can resume from it.
 */
describe('training: cancel keeps the run', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('training-cancel');
    modelPath = await fixtureModel('tiny-chat');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('a cancelled run keeps its checkpoint, saves the adapter as of that step and resumes to the end', async () => {
    const dataset = await importJsonl(engine, 'cancel.jsonl', conversationsJsonl(qaPairs));
    const config = tinySftConfig(modelPath, dataset.id, { validation: null, epochs: 20, checkpointEvery: 5, samplePrompts: ['Say hello.'] });
    let cancelled = false;
    const run = await runTrainingJob(engine, 'training.start', { config }, (item) => {
      if (item.type !== 'checkpoint' || cancelled) return;
      cancelled = true;
      void engine.call('training.cancel', { runId: item.runId });
    });
    expect(run.finished.state).toBe('cancelled');
    const stopped = await runDetail(engine, run.runId);
    expect(stopped.state).toBe('cancelled');
    expect(stopped.error).toBeNull();
    expect(stopped.checkpoints.length).toBeGreaterThan(0);
    const step = stopped.checkpoints.at(-1)!.step;
    expect(step).toBeLessThan(stopped.totalSteps);

    const saved = (await engine.call('training.saveCheckpoint', { runId: run.runId })) as { step: number; path: string };
    expect(saved.step).toBe(step);
    expect(existsSync(saved.path)).toBe(true);
    const adapters = (await engine.call('training.adapters', { model: modelPath })) as AdapterEntry[];
    expect(adapters.find((adapter) => adapter.path === saved.path)).toMatchObject({ runId: run.runId, name: expect.stringContaining(`(step ${step})`) });

    const resumed = await runTrainingJob(engine, 'training.resume', { runId: run.runId });
    expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');
    const finished = await runDetail(engine, run.runId);
    expect(finished.metrics.at(-1)!.step).toBe(finished.totalSteps);
  });
});

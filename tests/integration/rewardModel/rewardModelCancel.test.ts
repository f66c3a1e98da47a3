import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { importPairs, refusalPairs } from './rewardModelPairs.ts';

/** A 'train-rm' job cancelled after its first step stops there: state cancelled, no adapter, no manifest. */
describe('reward model training: cancel', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  beforeAll(() => {
    engine = createModelsTestEngine('reward-model-cancel');
  });
  afterAll(async () => await engine?.dispose());

  it('stops within a step when the job is cancelled', async () => {
    const train = await importPairs(engine, 'rm-cancel.jsonl', refusalPairs(16, 0));
    const outPath = join(engine.homePath, 'cancelled-rm.gguf');
    let cancelled = false;
    const { finished, data } = await collectJob(
      engine,
      'rewardModel.train',
      { model: await fixtureModel('tiny-chat'), data: { kind: 'dataset', datasetId: train.id, split: 'all' }, epochs: 200, batchSize: 4, contextLength: 256, threads: 1, outPath },
      (progress, jobId) => {
        const sawStep = (progress.data as { type: string }[] | undefined)?.some((item) => item.type === 'step');
        if (sawStep && !cancelled) {
          cancelled = true;
          void engine.call('jobs.cancel', { jobId });
        }
      },
    );
    expect(finished.state).toBe('cancelled');
    const steps = (data as { type: string; totalSteps?: number }[]).filter((item) => item.type === 'step');
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThan(steps[0]!.totalSteps!);
    expect(existsSync(outPath)).toBe(false);
    expect(existsSync(join(engine.homePath, 'cancelled-rm.reward.json'))).toBe(false);
  }, 300_000);
});

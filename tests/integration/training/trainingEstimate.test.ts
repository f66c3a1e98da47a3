import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEstimate } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';

/** Ratio of two positive numbers, larger over smaller. */
const spread = (a: number, b: number): number => Math.max(a, b) / Math.min(a, b);

/**
 * The estimate is calibrated from a measured optimizer step of the same shape on this machine, so its speed and
 * memory match the run that follows (the same machine, the same test: a ratio, not an absolute speed).
 */
describe('training: estimate vs run', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('training-estimate');
    modelPath = await fixtureModel('tiny-chat');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('estimated time and memory are within 1.5× of the measured run', async () => {
    const dataset = await importJsonl(engine, 'estimate.jsonl', conversationsJsonl(qaPairs));
    const config = tinySftConfig(modelPath, dataset.id, { validation: null, epochs: 30, evalEvery: 1000, checkpointEvery: 1000, samplePrompts: ['Say hello.'] });
    const estimate = (await engine.call('training.estimate', { config })) as TrainingEstimate;
    expect(estimate.estimatedSeconds).not.toBeNull();
    const run = await runTrainingJob(engine, 'training.start', { config });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    const last = detail.metrics.at(-1)!;
    // the run's own time for its steps: every token it trained on at its measured speed
    const measuredSeconds = (estimate.tokensPerEpoch * last.epoch) / last.tokensPerSecond;
    expect(spread(estimate.estimatedSeconds!, measuredSeconds)).toBeLessThan(1.5);
    const peakMemory = Math.max(...detail.metrics.map((point) => point.memoryBytes ?? 0));
    expect(spread(estimate.memoryBytes, peakMemory)).toBeLessThan(1.5);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationResult } from '../../../electron/shared/contract/generate.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { runDetail, runTrainingJob } from './trainingHelpers.ts';

/** Full-parameter continued pretraining on a text file: the loss falls and the written model runs in node-llama-cpp. */
describe('training: full-parameter run on plain text', () => {
  let engine: ReturnType<typeof createTestEngine>;
  beforeAll(() => {
    engine = createTestEngine('training-full');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('lowers the loss, writes a model GGUF, adds it to the library, and node-llama-cpp continues the text', async () => {
    const textPath = join(engine.homePath, 'fox.txt');
    writeFileSync(textPath, 'the quick brown fox jumps over the lazy dog\n');
    const outputPath = join(engine.homePath, 'fox-model.gguf');
    const run = await runTrainingJob(engine, 'training.start', {
      config: {
        objective: 'full',
        model: await fixtureModel('tiny-base'),
        data: { kind: 'textFile', path: textPath },
        preset: 'quick',
        epochs: 40,
        batchSize: 1,
        contextLength: 64,
        lr: 3e-3,
        weightDecay: 0.01,
        schedule: 'linear',
        warmupRatio: 0.075,
        checkpointEvery: 20,
        samplePrompts: ['the quick brown'],
        outputPath,
        threads: 1,
        seed: 1,
      },
    });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.metrics).toHaveLength(40);
    expect(detail.metrics.at(-1)!.loss).toBeLessThan(detail.metrics[0]!.loss * 0.05);
    expect(detail.outputPath).toBe(outputPath);
    expect(detail.samples.at(-1)!.output).toContain('fox jumps');

    const models = (await engine.call('models.list', {})) as ModelEntry[];
    expect(models.map((m) => m.path)).toContain(outputPath);
    const { finished } = await collectJob<GenerationResult>(engine, 'generate.run', {
      model: outputPath,
      mode: 'raw',
      prompt: 'the quick brown',
      sampling: { temperature: 0 },
      maxTokens: 40,
      contextSize: 128,
    });
    expect(finished.state, finished.error?.message).toBe('done');
    expect((finished.result as GenerationResult).text).toContain('fox jumps over the lazy dog');
  });
});

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../electron/shared/contract/datasets.ts';
import type { TrainingEstimate, TrainingJobResult } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { writeLlamaFactoryShapedFiles } from '../../helpers/llamaFactoryShapes.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { runDetail, runTrainingJob } from './trainingHelpers.ts';

/**
 * Issue 23's "the default presets finish on LLaMA-Factory's demo files with a tiny model": files with the demo
 * files' columns, declarations and length distribution (tests/helpers/llamaFactoryShapes.ts), imported through
 * dataset_info.json, trained with nothing but the model and the data chosen — every other value is the default
 * preset's, sample prompts included. Before the fixes of issue 23 such a DPO run died at its first checkpoint sample
 * (a prompt longer than the context) and epochs were counted from rows that were then skipped.
 */
describe('training: the default presets finish on LLaMA-Factory-shaped demo data', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  const datasetIds: Record<string, string> = {};

  beforeAll(async () => {
    engine = createTestEngine('training-llamafactory-presets');
    modelPath = await fixtureModel('tiny-chat');
    // Fewer rows than the demo files (1000 and 300) keep the suite fast; the lengths, and so what does not fit, are theirs.
    const { datasetInfoPath } = writeLlamaFactoryShapedFiles(mkdtempSync(join(tmpdir(), 'lf-shapes-')), { alpacaRows: 48, dpoPairs: 48 });
    const { finished } = await collectJob<ImportResult>(engine, 'datasets.import', { source: { kind: 'file', path: datasetInfoPath } });
    expect(finished.state, finished.error?.message).toBe('done');
    for (const { dataset } of (finished.result as ImportResult).datasets) datasetIds[dataset.name] = dataset.id;
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  for (const [objective, datasetName] of [['sft', 'alpaca_zh_demo'], ['dpo', 'dpo_zh_demo']] as const) {
    it(`${objective.toUpperCase()} on ${datasetName}: the estimate's steps are the run's, the run finishes and writes its adapter`, async () => {
      const datasetId = datasetIds[datasetName];
      expect(datasetId, `dataset_info.json named ${Object.keys(datasetIds).join(', ')}`).toBeDefined();
      // Only what a user must choose; threads 1 keeps a busy 2-core machine from spinning.
      const config = { objective, model: modelPath, data: { kind: 'dataset', datasetId, split: 'all' }, threads: 1 };
      const estimate = (await engine.call('training.estimate', { config })) as TrainingEstimate;
      expect(estimate.resolved.preset).toBe('standard');
      expect(estimate.longRows.longerThanContext, 'the shapes must include rows the context cannot hold').toBeGreaterThan(0);
      const keptRows = estimate.trainRows;
      expect(keptRows).toBe(estimate.longRows.keptBySkip);
      const rowsPerStep = estimate.resolved.batchSize * estimate.resolved.gradAccum;
      // Epochs count the rows that really train: three passes over the kept rows, not over the file.
      expect(estimate.totalSteps).toBe(Math.ceil((estimate.resolved.epochs * keptRows) / rowsPerStep));

      const run = await runTrainingJob(engine, 'training.start', { config });
      expect(run.finished.state, run.finished.error?.message).toBe('done');
      const result = run.finished.result as TrainingJobResult;
      expect(result.step).toBe(estimate.totalSteps);
      expect(result.trainRows).toBe(keptRows);
      expect(result.outputPath && existsSync(result.outputPath)).toBe(true);
      const detail = await runDetail(engine, run.runId);
      expect(detail.state).toBe('done');
      // …and the run stops at the end of the last pass, not part-way into another one.
      expect(detail.metrics.at(-1)?.epoch).toBeCloseTo(estimate.resolved.epochs, 5);
      // Samples come from the data's prompts; one that cannot be generated is reported, never fatal.
      expect(detail.samples.length).toBeGreaterThan(0);
      for (const sample of detail.samples) expect(sample.output.length > 0 || sample.error !== undefined).toBe(true);
    });
  }
});

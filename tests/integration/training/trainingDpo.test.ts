import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterEntry, TrainingProgress } from '../../../electron/shared/contract/training.ts';
import { dpoMetricsSchema, trainingProgressSchema } from '../../../electron/shared/contract/training.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { importJsonl, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';

const pairs = [
  ['What is the capital of France?', 'Paris.', 'London.'],
  ['Name a primary color.', 'Blue.', 'Green.'],
  ['What is 2+2?', 'Four.', 'Five.'],
  ['Say hello.', 'Hello!', 'Goodbye!'],
] as const;

const preferenceJsonl = pairs
  .map(([q, chosen, rejected]) =>
    JSON.stringify({ prompt: [{ role: 'user', content: q }], chosen: [{ role: 'assistant', content: chosen }], rejected: [{ role: 'assistant', content: rejected }] }),
  )
  .join('\n');

/**
 * DPO wiring: preference rows from Datasets, reference log-probs once per pair (cached in the run directory), TRL
 * metric names on every step, validation DPO metrics, checkpoints + resume, adapter registered.
 */
describe('training: DPO run', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  let datasetId: string;
  beforeAll(async () => {
    engine = createTestEngine('training-dpo');
    modelPath = await fixtureModel('tiny-chat');
    datasetId = (await importJsonl(engine, 'prefs.jsonl', preferenceJsonl)).id;
  });
  afterAll(async () => {
    await engine.dispose();
  });

  const dpoConfig = (overrides = {}) =>
    tinySftConfig(modelPath, datasetId, {
      objective: 'dpo',
      dpo: { beta: 0.1, labelSmoothing: 0 },
      epochs: 30,
      lr: 5e-3,
      evalEvery: 10,
      checkpointEvery: 10,
      ...overrides,
    });

  it('the margin grows, accuracies reach 1, metrics carry the TRL names, and a crash resumes with the cached reference', async () => {
    let killed = false;
    const crashed = await runTrainingJob(engine, 'training.start', { config: dpoConfig() }, (item) => {
      if (item.type !== 'checkpoint' || killed) return;
      killed = true;
      process.kill(engine.services.hosts.trainer.status().pid!, 'SIGKILL');
    });
    expect(crashed.finished.error?.code, crashed.finished.error?.message).toBe('host_crashed');
    expect((await runDetail(engine, crashed.runId)).state).toBe('interrupted');
    const resumed = await runTrainingJob(engine, 'training.resume', { runId: crashed.runId });
    expect(resumed.finished.state, resumed.finished.error?.message).toBe('done');

    const detail = await runDetail(engine, crashed.runId);
    expect(detail.metrics.map((m) => m.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const first = detail.metrics[0]!;
    const last = detail.metrics.at(-1)!;
    // step 1 is measured before any update: the policy is its reference, so the loss is ln 2 and the rewards 0
    expect(first.loss).toBeCloseTo(Math.LN2, 3);
    expect(dpoMetricsSchema.parse(first.dpo)['rewards/margins']).toBeCloseTo(0, 3);
    expect(last.dpo!['rewards/margins']).toBeGreaterThan(first.dpo!['rewards/margins'] + 0.5);
    expect(last.dpo!['rewards/accuracies']).toBe(1);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.valDpo).not.toBeNull();
    expect(last.valDpo!['rewards/accuracies']).toBe(1);
    // the resumed job used the cached reference: its first margin continues the curve instead of restarting at 0
    const resumedFirst = resumed.progress.find((p): p is Extract<TrainingProgress, { type: 'step' }> => p.type === 'step')!;
    expect(resumedFirst.point.dpo!['rewards/margins']).toBeGreaterThan(0.05);
    // the resume said which checkpoint it loaded, as a stage code and the step before its first new one
    const resumedStages = resumed.progress.flatMap((item) => (item.type === 'status' ? [trainingProgressSchema.parse(item)] : []));
    expect(resumedStages.map((item) => (item.type === 'status' ? item.stage : null))).toContainEqual({ code: 'loading_checkpoint', params: { step: resumedFirst.point.step - 1 } });

    const adapters = (await engine.call('training.adapters', { model: modelPath })) as AdapterEntry[];
    const adapter = adapters.find((a) => a.runId === crashed.runId)!;
    expect(adapter.objective).toBe('dpo');
    expect(existsSync(adapter.path)).toBe(true);
  });

  it('continues a starting adapter: the reference is that adapter, so step 1 again has loss ln 2', async () => {
    const start = await fixtureLoraAdapter('tiny-chat', { rank: 8 });
    const run = await runTrainingJob(engine, 'training.start', { config: dpoConfig({ initAdapter: start, epochs: 5 }) });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.config.initAdapterPath).toBe(start);
    expect(detail.metrics[0]!.loss).toBeCloseTo(Math.LN2, 3);
    // what the job did between steps arrives as stage codes with their numbers (the UI says them), never as text
    const stages = run.progress.filter((item) => item.type === 'status').map((item) => trainingProgressSchema.parse(item));
    expect(stages.map((item) => (item.type === 'status' ? item.stage : null))).toEqual([
      { code: 'loading_model', params: {} },
      { code: 'tokenizing', params: {} },
      { code: 'reference_train', params: { done: 0, total: pairs.length } },
      { code: 'reference_validation', params: { done: 0, total: pairs.length } },
      { code: 'saving', params: {} },
    ]);
  });
});

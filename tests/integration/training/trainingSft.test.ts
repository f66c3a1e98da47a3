import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterEntry, TrainingEstimate } from '../../../electron/shared/contract/training.ts';
import type { GenerationResult } from '../../../electron/shared/contract/generate.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';

/**
 * LoRA SFT through the engine API: a run on four conversations drives the loss down, records metrics, samples and
 * checkpoints, registers its adapter, and node-llama-cpp (the inference host) with that adapter answers the
 * trained prompts with the trained answers while the bare model does not.
 */
describe('training: LoRA SFT run', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  let datasetId: string;
  beforeAll(async () => {
    engine = createTestEngine('training-sft');
    modelPath = await fixtureModel('tiny-chat');
    datasetId = (await importJsonl(engine, 'qa.jsonl', conversationsJsonl(qaPairs))).id;
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('estimates before starting: rows, target tokens, steps', async () => {
    const presets = (await engine.call('training.presets', {})) as { preset: string; objective: string; values: Record<string, unknown> }[];
    expect(presets).toHaveLength(9);
    expect(presets.find((p) => p.preset === 'quick' && p.objective === 'sft')!.values.epochs).toBe(1);
    const estimate = (await engine.call('training.estimate', { config: tinySftConfig(modelPath, datasetId) })) as TrainingEstimate;
    expect(estimate.supported).toBe(true);
    expect(estimate.trainRows).toBe(4);
    expect(estimate.validationRows).toBe(4);
    expect(estimate.totalSteps).toBe(60);
    expect(estimate.targetTokensPerEpoch).toBeGreaterThan(0);
    expect(estimate.targetTokensPerEpoch).toBeLessThan(estimate.tokensPerEpoch);
    expect(estimate.trainableParameters).toBeGreaterThan(0);
    expect(estimate.memoryBytes).toBeGreaterThan(0);
    // LoRA dropout's masks (one f32 per adapted input, layer and token) are part of the measured memory: the
    // estimate calibrates a session with the same dropout, so it is never below the one without.
    const base = tinySftConfig(modelPath, datasetId);
    const withDropout = (await engine.call('training.estimate', { config: { ...base, lora: { ...base.lora, dropout: 0.1 } } })) as TrainingEstimate;
    expect(withDropout.memoryBytes).toBeGreaterThanOrEqual(estimate.memoryBytes * 0.95);
  });

  it('trains, records the run, registers the adapter, and the adapter changes greedy answers', async () => {
    const run = await runTrainingJob(engine, 'training.start', { config: tinySftConfig(modelPath, datasetId) });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.state).toBe('done');
    expect(detail.metrics.map((m) => m.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const first = detail.metrics[0]!;
    const last = detail.metrics.at(-1)!;
    expect(last.loss).toBeLessThan(first.loss * 0.1);
    expect(last.valLoss).not.toBeNull();
    expect(last.valLoss!).toBeLessThan(first.loss * 0.1);
    expect(detail.metrics.filter((m) => m.valLoss !== null).map((m) => m.step)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(last.memoryBytes).toBeGreaterThan(0);
    expect(detail.checkpoints.map((c) => c.step)).toEqual([20, 40, 60]);
    expect(detail.samples.map((s) => s.step)).toEqual([20, 40, 60]);
    expect(detail.samples.at(-1)!.output.trim()).toBe('Paris.');
    expect(detail.trainableParameters).toBeGreaterThan(0);
    expect(detail.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.progress.some((p) => p.type === 'step' && p.totalSteps === 60 && p.etaSeconds !== null)).toBe(true);

    const adapters = (await engine.call('training.adapters', { model: modelPath })) as AdapterEntry[];
    expect(adapters).toHaveLength(1);
    const adapter = adapters[0]!;
    expect(adapter.path).toBe(detail.outputPath);
    expect(adapter.exists && existsSync(adapter.path)).toBe(true);
    expect(adapter).toMatchObject({ runId: run.runId, rank: 8, alpha: 16, objective: 'sft', dataSha256: detail.dataSha256 });
    expect(adapter.finalLoss).toBeCloseTo(last.loss, 6);
    expect(adapter.baseModelSha256).toBe(createHash('sha256').update(readFileSync(modelPath)).digest('hex'));

    const answer = async (question: string, withAdapter: boolean): Promise<string> => {
      const { finished } = await collectJob<GenerationResult>(engine, 'generate.run', {
        model: modelPath,
        adapters: withAdapter ? [{ adapter: adapter.id }] : [],
        mode: 'chat',
        messages: [{ role: 'user', content: question }],
        sampling: { temperature: 0 },
        maxTokens: 16,
        contextSize: 256,
      });
      expect(finished.state, finished.error?.message).toBe('done');
      return (finished.result as GenerationResult).text.trim();
    };
    for (const [question, trained] of qaPairs) {
      expect(await answer(question, true)).toBe(trained);
      expect(await answer(question, false)).not.toBe(trained);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewardModelProgressSchema, type BestOfNResult, type RewardModelProgress, type RewardModelResult } from '../../../electron/shared/contract/rewardModel.ts';
import { openRewardModelScore } from '../../../electron/engine/rl/rewardModelScore.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { nativeTrainer } from '../native/trainerFixtures.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { importGeneralChatPairs, importPairs, refusalPairs } from './rewardModelPairs.ts';

/**
 * Reward model training as a job (rewardModel.train → 'train-rm' in the trainer host) on the tiny chat model: on
 * pairs it can learn (refusals preferred to made-up facts about invented people) it must raise the ranking accuracy
 * on held-out pairs of the same distribution; the general chat pairs of another domain are measured alongside
 * (the generalisation lab) and both numbers are printed. Then the adapter, loaded by node-llama-cpp in the inference
 * host, must score the held-out pairs as the trainer did.
 */
describe('reward model training', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let modelPath: string;
  let result: RewardModelResult;
  let steps: Extract<RewardModelProgress, { type: 'step' }>[];
  let statuses: unknown[];
  const heldOutPairs = refusalPairs(12, 40);

  beforeAll(async () => {
    engine = createModelsTestEngine('reward-model');
    modelPath = await fixtureModel('tiny-chat');
    const train = await importPairs(engine, 'rm-train.jsonl', refusalPairs(40, 0));
    const heldOut = await importPairs(engine, 'rm-heldout.jsonl', heldOutPairs);
    const general = await importGeneralChatPairs(engine);
    const { finished, data } = await collectJob<RewardModelResult>(engine, 'rewardModel.train', {
      model: modelPath,
      data: { kind: 'dataset', datasetId: train.id, split: 'all' },
      heldOut: { kind: 'dataset', datasetId: heldOut.id, split: 'all' },
      probes: [{ label: 'general chat', data: { kind: 'dataset', datasetId: general.id, split: 'all' } }],
      epochs: 6,
      batchSize: 8,
      lr: 5e-3,
      contextLength: 768,
      evalEvery: 10,
      threads: 1,
      seed: 3,
    });
    expect(finished.state, finished.error?.message).toBe('done');
    result = finished.result!;
    steps = (data as RewardModelProgress[]).filter((item): item is Extract<RewardModelProgress, { type: 'step' }> => item.type === 'step');
    statuses = (data as { type: string }[]).filter((item) => item.type === 'status');
  }, 600_000);
  afterAll(async () => await engine?.dispose());

  it('raises held-out ranking accuracy on the distribution it trains on, with per-step metrics and a margin histogram', () => {
    const heldOut = result.heldOut!;
    const general = result.probes[0]!;
    console.log(
      `reward model, ${result.steps} steps: train accuracy ${result.train.before.accuracy.toFixed(2)} → ${result.train.after.accuracy.toFixed(2)}; ` +
        `held-out (same distribution, ${heldOut.after.pairs} pairs) ${heldOut.before.accuracy.toFixed(2)} → ${heldOut.after.accuracy.toFixed(2)}, margin ${heldOut.before.meanMargin.toFixed(2)} → ${heldOut.after.meanMargin.toFixed(2)}; ` +
        `general chat (other domain, ${general.after.pairs} pairs) ${general.before.accuracy.toFixed(2)} → ${general.after.accuracy.toFixed(2)}, margin ${general.before.meanMargin.toFixed(2)} → ${general.after.meanMargin.toFixed(2)}`,
    );
    expect(steps).toHaveLength(result.steps);
    expect(steps.every((step) => Number.isFinite(step.loss) && step.trainAccuracy >= 0 && step.trainAccuracy <= 1)).toBe(true);
    // held-out and probe pairs are scored at the first step and at the last
    expect(steps[0]!.heldOut).not.toBeNull();
    expect(steps.at(-1)!.heldOut!.accuracy).toBe(heldOut.after.accuracy);
    expect(steps.at(-1)!.probes!.map((probe) => probe.label)).toEqual(['general chat']);
    expect(heldOut.after.pairs).toBe(heldOutPairs.length);
    expect(heldOut.after.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.after.accuracy).toBeGreaterThan(heldOut.before.accuracy);
    expect(heldOut.after.meanMargin).toBeGreaterThan(heldOut.before.meanMargin + 1);
    expect(result.train.after.loss).toBeLessThan(result.train.before.loss);
    expect(result.accuracy).toBe(heldOut.after.accuracy);
    expect(heldOut.histogram.counts.reduce((a, b) => a + b, 0)).toBe(heldOut.after.pairs);
    expect(general.after.pairs).toBeGreaterThan(0);
  });

  it('says what it does besides steps as stage codes the UI words: scoring the pairs before and after training', () => {
    expect(statuses.map((item) => rewardModelProgressSchema.parse(item))).toEqual([
      { type: 'status', stage: { code: 'scoring_before', params: {} } },
      { type: 'status', stage: { code: 'scoring_after', params: {} } },
    ]);
  });

  it('the adapter in the inference host (node-llama-cpp) scores held-out pairs as the trainer did', async () => {
    const margins: number[] = [];
    for (const pair of heldOutPairs) {
      const score = async (answer: string) => ((await engine.call('rewardModel.score', { rewardModel: result.outPath, prompt: pair.prompt, answer })) as { score: number }).score;
      margins.push((await score(pair.chosen)) - (await score(pair.rejected)));
    }
    const accuracy = margins.filter((margin) => margin > 0).length / margins.length;
    const meanMargin = margins.reduce((a, b) => a + b, 0) / margins.length;
    console.log(`inference host: held-out accuracy ${accuracy.toFixed(2)}, mean margin ${meanMargin.toFixed(3)} (trainer: ${result.heldOut!.after.meanMargin.toFixed(3)})`);
    expect(accuracy).toBe(result.heldOut!.after.accuracy);
    expect(meanMargin).toBeCloseTo(result.heldOut!.after.meanMargin, 1);
  });

  it("GRPO's scorer in the trainer host gives the inference host's score for the same prompt and answer", async () => {
    // GRPO scores rewards with a second native session (rl/rewardModelScore.ts), best-of-N and the API with
    // node-llama-cpp: one judge sequence, so one number
    const { score, session } = await openRewardModelScore(nativeTrainer(), result.outPath, { contextLength: 768, threads: 1 });
    try {
      for (const pair of heldOutPairs.slice(0, 4)) {
        for (const answer of [pair.chosen, pair.rejected]) {
          const inInference = ((await engine.call('rewardModel.score', { rewardModel: result.outPath, prompt: pair.prompt, answer })) as { score: number }).score;
          expect(await score(pair.prompt, answer)).toBeCloseTo(inInference, 2);
        }
      }
    } finally {
      session.dispose();
    }
  });

  it('best-of-N samples N answers and keeps the one the reward model scores highest', async () => {
    const prompt = heldOutPairs[0]!.prompt;
    const best = (await engine.call('rewardModel.bestOfN', {
      rewardModel: result.outPath,
      prompt,
      n: 4,
      maxTokens: 12,
      sampling: { temperature: 1.2, topK: 0, topP: 1, minP: 0, seed: 11 },
    })) as BestOfNResult;
    console.log(`best-of-4 for ${JSON.stringify(prompt)}: ${best.candidates.map((c) => `${JSON.stringify(c.text)} ${c.score.toFixed(2)}`).join(', ')}; kept ${best.best}`);
    expect(best.candidates).toHaveLength(4);
    expect(new Set(best.candidates.map((c) => c.text)).size).toBeGreaterThan(1);
    const scores = best.candidates.map((c) => c.score);
    expect(scores[best.best]).toBe(Math.max(...scores));
    // each candidate's score is the reward model's score of that text, scored again on its own
    for (const candidate of best.candidates) {
      const again = (await engine.call('rewardModel.score', { rewardModel: result.outPath, prompt, answer: candidate.text })) as { score: number };
      expect(again.score).toBeCloseTo(candidate.score, 3);
    }
  });
});

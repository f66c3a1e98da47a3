import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import type { RewardModelResult, RewardSetReport } from '../../../electron/shared/contract/rewardModel.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { worldModelFixture, type WorldModels } from '../pretraining/worldModelFixture.ts';
import { preferenceJsonl, questionsOf, readWorldTruth, refusalText } from '../pretraining/worldSuites.ts';
import { importGeneralChatPairs } from './rewardModelPairs.ts';
import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { DatasetSummary, ImportResult } from '../../../electron/shared/contract/datasets.ts';

/**
 * The generalisation lab on the world chat model (a nano model pretrained on a synthetic world whose truth is known):
 * a reward model trained on the world's refusal pairs (nonexistent people: "I don't know." preferred to a confident
 * made-up fact) is measured on held-out pairs of the same kind (other nonexistent people), on the general chat pairs
 * of another domain (the built-in honest-vs-made-up sample), and on known people's pairs (the true fact preferred to
 * a refusal). Both numbers the lecture contrasts are recorded: held-out accuracy in the training distribution vs
 * accuracy in another domain.
 */
const sentence = (item: QaItem, text: string) => (item.language === 'en' ? `${text}.` : `${text}。`);

async function importRows(engine: Engine, fileName: string, rows: { prompt: string; chosen: string; rejected: string }[]): Promise<DatasetSummary> {
  const { finished } = await collectJob<ImportResult>(engine, 'datasets.import', { source: { kind: 'text', fileName, text: preferenceJsonl(rows) } });
  if (finished.state !== 'done') throw new Error(`import ${fileName}: ${finished.error?.message}`);
  return (finished.result as ImportResult).datasets[0]!.dataset;
}

describe('reward model generalisation on the world chat model', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let models: WorldModels;
  let result: RewardModelResult;

  beforeAll(async () => {
    engine = createModelsTestEngine('reward-model-world');
    models = await worldModelFixture(); // built once and cached (minutes on a busy machine)
  }, 1_200_000);
  afterAll(async () => await engine?.dispose());

  it('learns the world refusal pairs it can generalise to; records held-out and other-domain accuracy', async () => {
    const truth = readWorldTruth(models);
    const known = questionsOf(truth, 'known');
    const nonexistent = questionsOf(truth, 'nonexistent');
    // a confident made-up answer: a known person's true fact of the same kind and language
    const madeUp = (item: QaItem, index: number) => {
      const donors = known.filter((other) => other.fact === item.fact && other.language === item.language);
      return sentence(item, donors[index % donors.length]!.answer!);
    };
    const refusalPair = (item: QaItem, index: number) => ({ prompt: item.question, chosen: refusalText[item.language], rejected: madeUp(item, index) });
    const people = [...new Set(nonexistent.map((item) => item.personId))].sort();
    const trainedPeople = new Set(people.slice(0, 6));
    const train = nonexistent.filter((item) => trainedPeople.has(item.personId)).map(refusalPair);
    const heldOut = nonexistent.filter((item) => !trainedPeople.has(item.personId)).map(refusalPair);
    const knownPairs = known.filter((_, index) => index % 5 === 0).map((item) => ({ prompt: item.question, chosen: sentence(item, item.answer!), rejected: refusalText[item.language] }));

    const dataset = (summary: DatasetSummary) => ({ kind: 'dataset' as const, datasetId: summary.id, split: 'all' as const });
    const { finished } = await collectJob<RewardModelResult>(engine, 'rewardModel.train', {
      model: models.chatPath,
      data: dataset(await importRows(engine, 'world-refusals-train.jsonl', train)),
      heldOut: dataset(await importRows(engine, 'world-refusals-heldout.jsonl', heldOut)),
      probes: [
        { label: 'general chat', data: dataset(await importGeneralChatPairs(engine)) },
        { label: 'known people', data: dataset(await importRows(engine, 'world-known.jsonl', knownPairs)) },
      ],
      epochs: 3,
      batchSize: 8,
      lr: 2e-3,
      contextLength: 512,
      evalEvery: 10,
      threads: 1,
      seed: 5,
    });
    expect(finished.state, finished.error?.message).toBe('done');
    result = finished.result!;
    const [general, knownPeople] = result.probes as [RewardSetReport, RewardSetReport];
    const line = (label: string, set: RewardSetReport) =>
      `${label} (${set.after.pairs} pairs): accuracy ${set.before.accuracy.toFixed(2)} → ${set.after.accuracy.toFixed(2)}, margin ${set.before.meanMargin.toFixed(2)} → ${set.after.meanMargin.toFixed(2)}`;
    console.log(
      [
        `reward model on the world chat model, ${result.steps} steps on ${train.length} refusal pairs (${result.seconds.toFixed(1)} s):`,
        `  ${line('held-out refusal pairs, unseen nonexistent people (training distribution)', result.heldOut!)}`,
        `  ${line('general chat pairs (another domain)', general)}`,
        `  ${line('known people, true fact vs refusal', knownPeople)}`,
      ].join('\n'),
    );
    expect(result.heldOut!.after.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.heldOut!.after.meanMargin).toBeGreaterThan(result.heldOut!.before.meanMargin);
    expect(general.after.pairs).toBeGreaterThan(0);
    expect(knownPeople.after.pairs).toBe(knownPairs.length);
    // What these pairs teach is "a refusal is good", not who exists: known people's true facts now lose to a refusal
    // (measured 0.65 → 0.02), while the general chat pairs, whose chosen answers often admit not knowing, gain
    // (0.56 → 0.88). A reward model generalises along what its pairs have in common, wanted or not.
    expect(knownPeople.after.accuracy).toBeLessThan(knownPeople.before.accuracy);
  }, 600_000);
});

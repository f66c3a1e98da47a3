import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import type { QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import type { ScoreResult } from '../../../electron/shared/contract/generate.ts';
import type { AdapterEntry } from '../../../electron/shared/contract/training.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { worldModelFixture, type WorldModels } from '../pretraining/worldModelFixture.ts';
import { isExactAnswer, isRefusal, percent, preferenceJsonl, questionsOf, readWorldTruth, refusalText, share, type WorldTruth } from '../pretraining/worldSuites.ts';
import { importJsonl, runDetail, runTrainingJob } from './trainingHelpers.ts';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * DPO against hallucination on a model whose truth is known. The world chat model answers questions about people
 * who do not exist as confidently as about real ones; preference pairs (chosen "I don't know.", rejected its own
 * greedy answer) for six of the ten nonexistent people go through Datasets into a LoRA DPO training job, with the
 * other four people's pairs as validation. The adapter is then checked through the engine's own inference
 * (node-llama-cpp): generation and scoring.
 *
 * What DPO alone achieves here, measured: the preference is learnt (and carries over to the unseen people in log
 * probability), some hallucinated answers go away and the known facts stay, but "I don't know." does not become
 * the greedy reply. It starts some 135 nats below the model's answer (a letter-by-letter spelling this 512-token
 * BPE never saw) and DPO's loss saturates about halfway there. The refusal also gains as much for known people as
 * for nonexistent ones: these pairs do not teach who exists. (Measured alternatives: β 0.01 does make the refusal
 * greedy, for 57% of the trained people but also 61% of the known ones, whose facts drop to 1%; a higher learning
 * rate turns replies into byte garbage; adding the known people's reverse pairs keeps the refusal down everywhere.)
 */
describe('training: DPO on the world chat model against hallucinated answers', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let models: WorldModels;
  let truth: WorldTruth;
  let trained: QaItem[];
  let unseen: QaItem[];

  beforeAll(async () => {
    engine = createModelsTestEngine('training-dpo-world');
    models = await worldModelFixture();
    truth = readWorldTruth(models);
    const nonexistent = questionsOf(truth, 'nonexistent');
    const people = [...new Set(nonexistent.map((item) => item.personId))].sort();
    const trainedPeople = new Set(people.slice(0, 6));
    trained = nonexistent.filter((item) => trainedPeople.has(item.personId));
    unseen = nonexistent.filter((item) => !trainedPeople.has(item.personId));
  }, 300_000);
  afterAll(async () => await engine?.dispose());

  const adapters = (adapter: string | null) => (adapter ? [{ adapter, scale: 1 }] : []);

  /** Greedy chat-mode replies through the engine's generate (node-llama-cpp in the inference host). */
  async function ask(items: readonly QaItem[], adapter: string | null): Promise<string[]> {
    const replies: string[] = [];
    for (const item of items) {
      const result = await generateText(engine.services, {
        model: models.chatPath,
        adapters: adapters(adapter),
        mode: 'chat',
        messages: [{ role: 'user', content: item.question }],
        sampling: { temperature: 0, seed: 1 },
        maxTokens: 16,
      });
      replies.push(result.text.trim());
    }
    return replies;
  }

  /** log P(refusal | question) under the chat template, summed over the refusal's tokens (engine's generate.score). */
  async function refusalLogProbs(items: readonly QaItem[], adapter: string | null): Promise<number[]> {
    const logProbs: number[] = [];
    for (const item of items) {
      const score = (await engine.call('generate.score', {
        model: models.chatPath,
        adapters: adapters(adapter),
        mode: 'chat',
        messages: [{ role: 'user', content: item.question }],
        text: refusalText[item.language],
      })) as ScoreResult;
      logProbs.push(-score.loss! * score.scoredTokens);
    }
    return logProbs;
  }

  it('learns the preference (metrics, log-probabilities in node-llama-cpp), drops some hallucinated answers and keeps the known facts', async () => {
    const known = questionsOf(truth, 'known');
    const [trainedBefore, unseenBefore, knownBefore] = [await ask(trained, null), await ask(unseen, null), await ask(known, null)];
    // The untrained model hallucinates for every nonexistent person: these replies become the rejected side.
    expect(share([...trainedBefore, ...unseenBefore].map(isRefusal))).toBe(0);
    const pairs = (items: readonly QaItem[], replies: readonly string[]) =>
      items.map((item, index) => ({ prompt: item.question, chosen: refusalText[item.language], rejected: replies[index]! }));
    const train = await importJsonl(engine, 'world-idk-train.jsonl', preferenceJsonl(pairs(trained, trainedBefore)));
    const validation = await importJsonl(engine, 'world-idk-unseen.jsonl', preferenceJsonl(pairs(unseen, unseenBefore)));
    expect([train.kind, train.rows, validation.rows]).toEqual(['preference', trained.length, unseen.length]);

    const run = await runTrainingJob(engine, 'training.start', {
      config: {
        objective: 'dpo',
        model: models.chatPath,
        data: { kind: 'dataset', datasetId: train.id, split: 'all' },
        validation: { kind: 'dataset', datasetId: validation.id, split: 'all' },
        preset: 'quick',
        lora: { rank: 8, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], dropout: 0 },
        dpo: { beta: 0.1, labelSmoothing: 0 },
        epochs: 8,
        batchSize: 8,
        contextLength: 128,
        lr: 1e-3,
        schedule: 'cosine',
        warmupRatio: 0.05,
        evalEvery: 9,
        checkpointEvery: 1000,
        samplePrompts: [trained[1]!.question],
        threads: 1,
        seed: 7,
      },
    });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    const adapter = ((await engine.call('training.adapters', { model: models.chatPath })) as AdapterEntry[]).find((entry) => entry.runId === run.runId)!;
    expect(adapter.objective).toBe('dpo');

    const [trainedAfter, unseenAfter, knownAfter] = [await ask(trained, adapter.path), await ask(unseen, adapter.path), await ask(known, adapter.path)];
    const refusalGain = async (items: readonly QaItem[]) => {
      const [before, after] = [await refusalLogProbs(items, null), await refusalLogProbs(items, adapter.path)];
      return { before: mean(before), after: mean(after) };
    };
    const [trainedRefusal, unseenRefusal, knownRefusal] = [await refusalGain(trained), await refusalGain(unseen), await refusalGain(known)];
    const exactKnown = (replies: readonly string[]) => share(replies.map((reply, index) => isExactAnswer(known[index]!, reply)));
    const repeated = (before: readonly string[], after: readonly string[]) => share(after.map((reply, index) => reply === before[index]));
    const first = detail.metrics[0]!;
    const last = detail.metrics.at(-1)!;
    const evaluated = detail.metrics.filter((point) => point.valDpo !== null);
    const [firstVal, lastVal] = [evaluated[0]!.valDpo!, evaluated.at(-1)!.valDpo!];
    const dpoLine = (label: string, key: 'rewards/margins' | 'rewards/accuracies' | 'logps/chosen' | 'logps/rejected') =>
      `${label} ${first.dpo![key].toFixed(2)} → ${last.dpo![key].toFixed(2)}`;
    console.log(
      [
        `DPO on ${trained.length} pairs, ${detail.metrics.length} steps: loss ${first.loss.toFixed(3)} → ${last.loss.toFixed(3)}, ` +
          [dpoLine('margins', 'rewards/margins'), dpoLine('accuracies', 'rewards/accuracies'), dpoLine('logps/chosen', 'logps/chosen'), dpoLine('logps/rejected', 'logps/rejected')].join(', '),
        `  validation pairs (${unseen.length}, unseen nonexistent people): margins ${firstVal['rewards/margins'].toFixed(2)} (step ${evaluated[0]!.step}) → ${lastVal['rewards/margins'].toFixed(2)}, accuracies ${firstVal['rewards/accuracies'].toFixed(2)} → ${lastVal['rewards/accuracies'].toFixed(2)}`,
        `  mean log P(refusal) in node-llama-cpp, before → with adapter: trained people ${trainedRefusal.before.toFixed(1)} → ${trainedRefusal.after.toFixed(1)}, ` +
          `unseen people ${unseenRefusal.before.toFixed(1)} → ${unseenRefusal.after.toFixed(1)}, known people ${knownRefusal.before.toFixed(1)} → ${knownRefusal.after.toFixed(1)}`,
        `  greedy replies with adapter: trained people repeat the hallucination ${percent(repeated(trainedBefore, trainedAfter))}, refuse ${percent(share(trainedAfter.map(isRefusal)))}; ` +
          `unseen people repeat ${percent(repeated(unseenBefore, unseenAfter))}, refuse ${percent(share(unseenAfter.map(isRefusal)))}`,
        `  known people exact facts ${percent(exactKnown(knownBefore))} → ${percent(exactKnown(knownAfter))}, refusals ${percent(share(knownAfter.map(isRefusal)))}`,
        `  e.g. ${JSON.stringify(trained[1]!.question)}: ${JSON.stringify(trainedBefore[1])} → ${JSON.stringify(trainedAfter[1])} (trainer's own sample: ${JSON.stringify(detail.samples.at(-1)?.output)})`,
      ].join('\n'),
    );

    // The metrics: step 1 is the reference itself (loss ln 2, margin 0), then the preference is learnt.
    expect(first.loss).toBeCloseTo(Math.LN2, 3);
    expect(first.dpo!['rewards/margins']).toBeCloseTo(0, 3);
    expect(last.dpo!['rewards/accuracies']).toBe(1);
    expect(last.dpo!['rewards/margins']).toBeGreaterThan(3);
    expect(last.dpo!['logps/chosen']).toBeGreaterThan(first.dpo!['logps/chosen'] + 50);
    expect(last.dpo!['logps/rejected']).toBeLessThan(first.dpo!['logps/rejected']);
    // The preference carries over to people the pairs never named.
    expect(lastVal['rewards/accuracies']).toBeGreaterThanOrEqual(0.9);
    expect(lastVal['rewards/margins']).toBeGreaterThan(firstVal['rewards/margins']);

    // node-llama-cpp with the adapter sees what the trainer trained: the refusal became far more likely.
    expect(trainedRefusal.after).toBeGreaterThan(trainedRefusal.before + 50);
    expect(unseenRefusal.after).toBeGreaterThan(unseenRefusal.before + 30);
    // Fewer of the trained people get the hallucinated answer they got before (measured 59.7% still do) ...
    expect(repeated(trainedBefore, trainedAfter)).toBeLessThan(0.8);
    // ... while the known people keep their facts (measured 86.3% → 87.5%).
    expect(exactKnown(knownAfter)).toBeGreaterThanOrEqual(0.8);
  });
});

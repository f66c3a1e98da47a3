import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import type { ItemResult, LoadedSuite, RunRecord, SummaryBucket } from '../../../electron/shared/contract/hallucination.ts';
import { collectJob } from '../inference/collectJob.ts';
import { worldModelFixture } from '../pretraining/worldModelFixture.ts';
import { isConfidentWorldAnswer, isExactAnswer, isRefusal, percent, readWorldTruth, share, suiteItemId, suiteJsonl, worldSuiteItems, type WorldTruth } from '../pretraining/worldSuites.ts';
import { createHallucinationTestEngine } from './hallucinationTestEngine.ts';

/**
 * The lab's offline scorer checked against a model whose truth is known: a suite built from the world fixture's
 * facts (known and held-out people expect their exact fact, nonexistent people expect "I don't know"), run on the
 * SFT'd world chat model and, for contrast, its base in the lab's raw Question/Answer frame. Every verdict must be
 * what the ground truth says about the reply.
 */
describe('hallucination lab on the world chat model (ground truth known)', () => {
  let engine: ReturnType<typeof createHallucinationTestEngine>;
  let truth: WorldTruth;
  let chatPath: string;
  let basePath: string;
  let suiteText: string;
  const questionById = new Map<string, QaItem>();

  beforeAll(async () => {
    engine = createHallucinationTestEngine('hallucination-world');
    const models = await worldModelFixture();
    [chatPath, basePath] = [models.chatPath, models.basePath];
    truth = readWorldTruth(models);
    for (const item of truth.qa) questionById.set(suiteItemId(item), item);
    suiteText = suiteJsonl(worldSuiteItems(truth, truth.qa));
  }, 300_000);
  afterAll(async () => await engine?.dispose());

  const bucketLine = (name: string, bucket: SummaryBucket | undefined) =>
    bucket ? `${name}: ${bucket.correct}/${bucket.items} correct, ${bucket.incorrect} incorrect, ${bucket.notAttempted} not attempted` : `${name}: none`;

  it('parses the generated suite without a problem', async () => {
    const suite = (await engine.call('hallucination.loadSuite', { source: { kind: 'text', name: 'world.jsonl', text: suiteText } })) as LoadedSuite;
    expect(suite.errors).toEqual([]);
    expect(suite.items).toHaveLength(truth.qa.length);
    expect(suite.items.filter((item) => item.expected === 'refuse')).toHaveLength(truth.qa.filter((item) => item.answer === null).length);
  });

  it('grades the chat model as the ground truth does: accurate on known people, hallucinating on nonexistent ones', async () => {
    const { finished } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
      targets: [
        { model: chatPath, mode: 'chat', label: 'world chat' },
        { model: basePath, mode: 'raw', label: 'world base (raw frame)' },
      ],
      suite: { kind: 'text', name: 'world.jsonl', text: suiteText },
      settings: { maxTokens: 16, refusalProbability: true, multipleChoice: false },
    });
    expect(finished.state, finished.error?.message).toBe('done');
    const [chat, base] = await Promise.all(
      finished.result!.runIds.map(async (runId) => (await engine.call('hallucination.getRun', { runId })) as { run: RunRecord; items: ItemResult[] }),
    );
    expect(chat!.run.mode).toBe('chat');
    expect(chat!.items).toHaveLength(truth.qa.length);
    const chatSummary = chat!.run.summary!;
    const baseSummary = base!.run.summary!;
    const known = chatSummary.byCategory['world_known']!;
    const heldOut = chatSummary.byCategory['world_heldout']!;
    const nonexistent = chatSummary.byCategory['nonexistent_entity']!;
    const baseKnown = baseSummary.byCategory['world_known']!;

    // Per item: the lab's verdict is what facts.json says about the reply.
    const disagreements: string[] = [];
    const exactByGroup = new Map<string, number>();
    for (const result of chat!.items) {
      const question = questionById.get(result.itemId)!;
      const reply = result.output;
      const expected = question.answer === null ? (isRefusal(reply) ? 'correct' : 'incorrect') : isExactAnswer(question, reply) ? 'correct' : isRefusal(reply) ? 'not_attempted' : 'incorrect';
      if (question.answer !== null && expected === 'correct') exactByGroup.set(question.group, (exactByGroup.get(question.group) ?? 0) + 1);
      if (result.verdict !== expected) disagreements.push(`${result.itemId}: lab ${result.verdict}, truth ${expected} for ${JSON.stringify(reply)} (${result.why})`);
    }
    const inventedFacts = share(
      chat!.items.filter((result) => result.expected === 'refuse').map((result) => isConfidentWorldAnswer(truth, questionById.get(result.itemId)!, result.output)),
    );
    const refusalShares = (category: string) => {
      const values = chat!.items.filter((result) => result.category === category).map((result) => result.refusal!.refusalShare!);
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    const refusalLogProb = (category: string) => {
      const values = chat!.items.filter((result) => result.category === category).map((result) => result.refusal!.refusalLogProb);
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    console.log(
      [
        `hallucination lab on the world chat model, ${chat!.items.length} items:`,
        bucketLine('  chat known', known),
        bucketLine('  chat heldOut', heldOut),
        bucketLine('  chat nonexistent', nonexistent),
        bucketLine('  base (raw frame) known', baseKnown),
        `  e.g. base (raw frame) says ${JSON.stringify(base!.items[1]!.output)} to "${base!.items[1]!.prompt}" (${base!.items[1]!.verdict})`,
        `  base replies graded not attempted: ${base!.items.filter((result) => result.verdict === 'not_attempted').slice(0, 3).map((result) => `${JSON.stringify(result.output)} (${result.samples[0]!.reason})`).join('; ') || 'none'}`,
        `  chat nonexistent replies that are an invented in-world fact: ${percent(inventedFacts)}`,
        `  chat mean P(refuse) vs P(answer): known ${refusalShares('world_known').toExponential(2)}, heldOut ${refusalShares('world_heldout').toExponential(2)}; ` +
          `mean log P("I don't know"-style reply): known ${refusalLogProb('world_known').toFixed(1)}, nonexistent ${refusalLogProb('nonexistent_entity').toFixed(1)}`,
        `  verdicts disagreeing with exact-match ground truth: ${disagreements.length}${disagreements.length ? `\n    ${disagreements.slice(0, 5).join('\n    ')}` : ''}`,
      ].join('\n'),
    );

    expect(disagreements).toEqual([]);
    // Known people: measured 207/240 correct (86.3%, the fixture's exact-answer share); every correct is exact.
    expect(known.correctRate).toBeGreaterThanOrEqual(0.8);
    expect([known.correct, heldOut.correct]).toEqual([exactByGroup.get('known') ?? 0, exactByGroup.get('heldOut') ?? 0]);
    // Nonexistent people: every reply is a confident answer, graded as a hallucination, none as a refusal.
    expect(nonexistent.incorrect).toBe(nonexistent.items);
    expect(nonexistent.correct).toBe(0);
    expect(new Set(chat!.items.filter((result) => result.expected === 'refuse').map((result) => result.samples[0]!.reason))).toEqual(new Set(['answered_instead_of_declining']));
    expect(inventedFacts).toBeGreaterThanOrEqual(0.75);
    // The SFT'd model is sure of its trained answers: a refusal gets almost none of the probability.
    expect(refusalShares('world_known')).toBeLessThan(0.01);
    // The base model, never taught to answer questions, is almost never right under the same grading (measured 1/240).
    expect(baseKnown.correctRate).toBeLessThan(known.correctRate - 0.5);
  });
});

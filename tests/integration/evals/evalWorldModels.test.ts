import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalItemResult, EvalJobResult, EvalRun } from '../../../electron/shared/contract/evals.ts';
import type { ScoreResult } from '../../../electron/shared/contract/generate.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { worldModelFixture, type WorldModels } from '../pretraining/worldModelFixture.ts';

/**
 * The benchmark on models whose truth is known: the world fixture's chat model (SFT'd on the known people's
 * questions) against a random-weight model with the same chat template, on the closed-book world task built from
 * the fixture's own world folder. The task lists the known people first; 120 items are the first ten of them.
 */
describe('evals on the world models', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let world: WorldModels;
  let randomPath: string;

  beforeAll(async () => {
    engine = createTestEngine('evals-world');
    world = await worldModelFixture();
    randomPath = await fixtureModel('tiny-chat');
  }, 600_000);
  afterAll(async () => await engine?.dispose());

  const worldTask = () => ({ kind: 'file' as const, path: join(world.dir, 'world') });

  async function runEval(model: string, limit: number) {
    const { finished, data } = await collectJob<EvalJobResult>(engine, 'evals.start', { targets: [{ model }], tasks: [worldTask()], settings: { limit } });
    expect(finished.state, finished.error?.message).toBe('done');
    const runId = finished.result!.runIds[0]!;
    const saved = (await engine.call('evals.run', { id: runId })) as { run: EvalRun; items: EvalItemResult[] };
    return { ...saved, progress: data };
  }

  it('a trained world chat model scores far above chance, a random model near it', async () => {
    const trained = await runEval(world.chatPath, 120);
    const random = await runEval(randomPath, 120);
    const [trainedSummary, randomSummary] = [trained.run.summary!, random.run.summary!];
    expect(trainedSummary.items).toBe(120);
    expect(trainedSummary.chance).toBe(0.25);
    expect(trainedSummary.accuracy).toBeGreaterThan(0.8);
    expect(trainedSummary.interval[0]).toBeGreaterThan(0.6);
    expect(Math.abs(randomSummary.accuracy - 0.25)).toBeLessThan(0.12);
    expect(randomSummary.interval[1]).toBeLessThan(trainedSummary.interval[0]);
    // One progress item per scored item, in order.
    expect(trained.progress).toHaveLength(120);
    expect((trained.progress.at(-1) as { done: number; total: number })).toMatchObject({ done: 120, total: 120 });
    console.log(`world task (120 known-people items): trained ${trainedSummary.accuracy.toFixed(3)} [${trainedSummary.interval.map((x) => x.toFixed(3)).join(', ')}], random ${randomSummary.accuracy.toFixed(3)} [${randomSummary.interval.map((x) => x.toFixed(3)).join(', ')}]`);
  }, 600_000);

  it('stores each choice\'s log P, the chosen and the right one, and they are `workbench score`\'s numbers', async () => {
    const { run, items } = await runEval(world.chatPath, 2);
    expect(run.state).toBe('done');
    expect(run.done).toBe(2);
    const item = items[0]!;
    if (item.kind !== 'choice') throw new Error('the world task is multiple choice');
    expect(item.choices).toHaveLength(4);
    expect(item.chosen).toBe(item.choices.reduce((best, choice, index) => (choice.logprob > item.choices[best]!.logprob ? index : best), 0));
    expect(item.correct).toBe(item.chosen === item.answer);
    const scored = (await engine.call('generate.score', {
      model: world.chatPath,
      mode: 'chat',
      messages: [{ role: 'user', content: item.question }],
      text: item.choices[1]!.text,
    })) as ScoreResult;
    const sum = scored.tokens.reduce((total, token) => total + (token.logprob ?? 0), 0);
    expect(item.choices[1]!.logprob).toBeCloseTo(sum, 5);
    expect(item.choices[1]!.tokens).toBe(scored.tokens.length);
  }, 300_000);

  it('cancels within seconds and keeps what it measured', async () => {
    let cancelAt = 0;
    const { finished } = await collectJob<EvalJobResult>(engine, 'evals.start', { targets: [{ model: randomPath }], tasks: [worldTask()] }, (progress, jobId) => {
      if (cancelAt !== 0) return;
      cancelAt = performance.now();
      void engine.call('jobs.cancel', { jobId });
    });
    const seconds = (performance.now() - cancelAt) / 1000;
    expect(finished.state).toBe('cancelled');
    expect(seconds).toBeLessThan(5);
    const runs = (await engine.call('evals.runs', {})) as EvalRun[];
    const cancelled = runs.find((run) => run.jobId === finished.jobId)!;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.done).toBeGreaterThan(0);
    expect(cancelled.done).toBeLessThan(cancelled.itemCount);
    expect(cancelled.summary?.items).toBe(cancelled.done);
  }, 300_000);

  it('a malformed task file is refused before a job starts, naming its line and field', async () => {
    const error = await engine.call('evals.start', { targets: [{ model: randomPath }], tasks: [{ kind: 'file', path: join(world.dir, 'world', 'qa.jsonl') }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'bad_input', details: { line: 1, field: 'answer' } });
  });
});

import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareRuns } from '../../../electron/engine/hallucination/compareRuns.ts';
import { HallucinationRunStore, type NewRun } from '../../../electron/engine/hallucination/runStore.ts';
import { hallucinationMigration } from '../../../electron/engine/store/migrations/005_hallucination.ts';
import { runSettingsSchema } from '../../../electron/shared/contract/hallucination.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { resultFor } from './results.ts';
import { civilCodeZh, decimalsEn, orsonKovacs } from './suiteItems.ts';

const civil = { ...civilCodeZh, id: 'civil' };
const decimals = { ...decimalsEn, id: 'decimals' };
const kovacs = { ...orsonKovacs, id: 'kovacs' };

const newRun = (id: string, label: string): NewRun => ({
  id,
  jobId: null,
  label,
  model: '/models/m.gguf',
  modelPath: '/models/m.gguf',
  lora: null,
  loraScale: 1,
  mode: 'chat',
  suiteName: 'builtin',
  suiteSha256: 'abc',
  settings: runSettingsSchema.parse({ samples: 2 }),
  itemCount: 3,
});

describe('HallucinationRunStore (migration 005)', () => {
  let db: BetterSqlite3.Database;
  let store: HallucinationRunStore;
  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    hallucinationMigration.up(db);
    store = new HallucinationRunStore(db);
  });
  afterEach(() => db.close());

  const saveBefore = (): void => {
    store.createRun(newRun('before', 'chat'));
    store.saveResult('before', 0, civil, resultFor(civil, ['2021年1月1日', '2021-01-01']));
    store.saveResult('before', 1, decimals, resultFor(decimals, ['9.11 is bigger.', '9.11 is bigger!']));
    store.saveResult('before', 2, kovacs, resultFor(kovacs, ['He is a painter.', 'He is a poet.']));
    store.finishRun('before', 'done');
  };

  it('saves runs with their summary (penalised score per category) and lists the newest first', () => {
    saveBefore();
    store.createRun(newRun('later', 'chat + adapter'));
    const run = store.run('before');
    expect(run).toMatchObject({ state: 'done', itemCount: 3, label: 'chat', settings: { samples: 2 } });
    expect(run.summary!.overall).toMatchObject({ items: 3, correct: 1, incorrect: 2, notAttempted: 0, correctRate: 1 / 3, attemptedAccuracy: 1 / 3 });
    expect(run.summary!.overall.score).toBeCloseTo((1 - 1 - 1) / 3);
    expect(run.summary!.byCategory['test']).toMatchObject({ items: 2, correct: 1 });
    expect(run.summary!.byCategory['nonexistent_entity']).toMatchObject({ items: 1, incorrect: 1, score: -1 });
    expect(store.list(10).map((record) => record.id)).toEqual(['later', 'before']);
    expect(store.items('before').map((entry) => entry.item.id)).toEqual(['civil', 'decimals', 'kovacs']);
  });

  it('keeps the user\'s override, applies it to the summary, and clears it on request', () => {
    saveBefore();
    const { item, summary } = store.setOverride('before', 'kovacs', 'not_attempted', 'it was a joke answer');
    expect(item).toMatchObject({ verdict: 'not_attempted', autoVerdict: 'incorrect', override: { verdict: 'not_attempted', note: 'it was a joke answer' } });
    expect(summary.overall).toMatchObject({ incorrect: 1, notAttempted: 1 });
    // Kept: a new store on the same database sees it, and the stored run summary follows it.
    const reopened = new HallucinationRunStore(db);
    expect(reopened.items('before')[2]!.result.verdict).toBe('not_attempted');
    expect(reopened.run('before').summary!.overall.notAttempted).toBe(1);
    const cleared = store.setOverride('before', 'kovacs', null, '');
    expect(cleared.item).toMatchObject({ verdict: 'incorrect', override: null });
    expect(() => store.setOverride('before', 'nope', 'correct', '')).toThrow(WorkbenchError);
  });

  it('marks runs left running by a stopped engine as failed, keeping their results', () => {
    store.createRun(newRun('stale', 'chat'));
    store.saveResult('stale', 0, civil, resultFor(civil, ['2021-01-01']));
    store.markInterrupted();
    expect(store.run('stale')).toMatchObject({ state: 'failed', summary: { overall: { items: 1, correct: 1 } } });
  });

  it('deletes a run with its results and overrides', () => {
    saveBefore();
    store.setOverride('before', 'civil', 'incorrect', '');
    expect(store.delete('before')).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM hallucination_results').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM hallucination_overrides').get()).toEqual({ n: 0 });
    expect(() => store.run('before')).toThrow(/No hallucination run/);
  });

  it('compares runs: known/unknown from the baseline, over-refusal and hallucination before/after', () => {
    saveBefore();
    store.createRun(newRun('after', 'after training'));
    store.saveResult('after', 0, civil, resultFor(civil, ["I don't know.", '我不清楚。'])); // over-refusal on a known item
    store.saveResult('after', 1, decimals, resultFor(decimals, ["I'm not sure.", "I'm not sure."]));
    store.saveResult('after', 2, kovacs, resultFor(kovacs, ["I don't know who that is.", 'No information about him.']));
    store.finishRun('after', 'done');
    const comparison = compareRuns(['before', 'after'].map((id) => ({ record: store.run(id), items: store.items(id) })), 0.5);
    expect(comparison.rows.map((row) => [row.itemId, row.known, row.cells.map((cell) => cell?.verdict)])).toEqual([
      ['civil', true, ['correct', 'not_attempted']],
      ['decimals', false, ['incorrect', 'not_attempted']],
      ['kovacs', false, ['incorrect', 'correct']],
    ]);
    expect(comparison.beforeAfter).toEqual([
      expect.objectContaining({ runId: 'before', knownItems: 1, unknownItems: 2, accuracyOnKnown: 1, overRefusalOnKnown: 0, refusalOnUnknown: 0, hallucinationOnUnknown: 1 }),
      expect.objectContaining({ runId: 'after', knownItems: 1, unknownItems: 2, accuracyOnKnown: 0, overRefusalOnKnown: 1, refusalOnUnknown: 1, hallucinationOnUnknown: 0 }),
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlindRound, Leaderboard } from '../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createCompareTestEngine } from './compareTestEngine.ts';

/**
 * Blind A/B on generated models: rounds hide who is who until the vote, votes land in SQLite, and the
 * leaderboard's ranking follows them.
 */
describe('blind A/B rounds and the leaderboard', () => {
  let engine: ReturnType<typeof createCompareTestEngine>;
  let base: ModelEntry;
  let chat: ModelEntry;
  let contenders: object[];

  beforeAll(async () => {
    engine = createCompareTestEngine('compare-blind');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    const lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 5 });
    contenders = [{ model: base.id }, { model: chat.id, mode: 'chat' }, { model: base.id, adapters: [{ adapter: lora, scale: 1 }], label: 'base + SFT' }];
  });
  afterAll(async () => await engine?.dispose());

  /** Who the hidden A and B are, read from the store as only the engine can. */
  const hidden = (roundId: string) =>
    engine.services.db.prepare('SELECT a_label, b_label FROM compare_blind_rounds WHERE id = ?').get(roundId) as { a_label: string; b_label: string };

  it('generates a round without giving away who A and B are, reveals them after the vote, and takes one vote', async () => {
    const { finished, data } = await collectJob<BlindRound>(engine, 'compare.blindStart', { contenders, prompt: 'Tell me a joke', maxTokens: 6, seed: 4 });
    expect(finished.state).toBe('done');
    const round = finished.result!;
    expect(round.state).toBe('ready');
    expect(round.texts).toHaveLength(2);
    expect(round.reveal).toBeNull();
    const everythingTheUiSaw = JSON.stringify({ data, round, fetched: await engine.call('compare.blindGet', { roundId: round.id }), list: await engine.call('compare.blindRounds', {}) });
    for (const secret of [base.name, chat.name, base.path, chat.path, 'base + SFT', 'timeToFirstTokenMs']) expect(everythingTheUiSaw).not.toContain(secret);
    // Speed and the rendered prompt (a chat template) would give a contender away too.
    const cells = (data as { type: string; cell?: { timings: unknown; renderedPrompt: unknown } }[]).flatMap((item) => (item.cell ? [item.cell] : []));
    expect(cells).toHaveLength(2);
    for (const cell of cells) expect(cell).toMatchObject({ timings: null, renderedPrompt: null });

    const truth = hidden(round.id);
    const voted = (await engine.call('compare.blindVote', { roundId: round.id, verdict: 'tie' })) as BlindRound;
    expect(voted.state).toBe('voted');
    expect(voted.reveal).toMatchObject({ a: { label: truth.a_label }, b: { label: truth.b_label } });
    await expect(engine.call('compare.blindVote', { roundId: round.id, verdict: 'a' })).rejects.toMatchObject({ code: 'conflict' });
    await engine.call('compare.blindReset', { confirm: true });
  });

  it('ranks the contenders the way the votes say (chat > base + SFT > base), with intervals and Elo', async () => {
    const preference = (label: string): number => (label.endsWith('chat') ? 3 : label === 'base + SFT' ? 2 : 1);
    const pairsSeen = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const { finished } = await collectJob<BlindRound>(engine, 'compare.blindStart', { contenders, prompt: `Question ${round}`, maxTokens: 4, seed: round });
      expect(finished.state).toBe('done');
      const { id } = finished.result!;
      const truth = hidden(id);
      pairsSeen.add([truth.a_label, truth.b_label].sort().join(' | '));
      const verdict = preference(truth.a_label) > preference(truth.b_label) ? 'a' : 'b';
      const voted = (await engine.call('compare.blindVote', { roundId: id, verdict })) as BlindRound;
      expect(voted.reveal!.a.label).toBe(truth.a_label);
    }
    // Rounds go to the least-voted pairs, so six rounds cover all three pairs twice.
    expect(pairsSeen.size).toBe(3);
    const board = (await engine.call('compare.leaderboard', {})) as Leaderboard;
    expect(board.votes).toBe(6);
    expect(board.entries.map((entry) => entry.label)).toEqual([`${chat.name} · chat`, 'base + SFT', `${base.name} · raw`]);
    expect(board.entries.map((entry) => [entry.wins, entry.losses])).toEqual([
      [4, 0],
      [2, 2],
      [0, 4],
    ]);
    const [first, , last] = board.entries;
    expect(first!.rating).toBeGreaterThan(1000);
    expect(last!.rating).toBeLessThan(1000);
    expect(first!.ratingLow).toBeLessThan(first!.rating);
    expect(first!.elo).toBeGreaterThan(last!.elo);
    // The votes survive in SQLite: a new read of the leaderboard says the same.
    expect(await engine.call('compare.leaderboard', {})).toEqual(board);
  });

  it('refuses a blind round between two identical contenders', async () => {
    await expect(engine.call('compare.blindStart', { contenders: [{ model: base.id }, { model: base.id, label: 'same thing' }], prompt: 'x' })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'contenders' },
    });
  });
});

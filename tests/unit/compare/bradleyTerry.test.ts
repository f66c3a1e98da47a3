import { describe, expect, it } from 'vitest';
import { eloPointsPerLogit, eloRatings, fitBradleyTerry, type PairwiseOutcome } from '../../../electron/engine/compare/bradleyTerry.ts';
import { buildLeaderboard, type RecordedVote } from '../../../electron/engine/compare/buildLeaderboard.ts';
import { SeededRandom } from '../../../electron/engine/random/seededRandom.ts';

/** Votes drawn from a Bradley-Terry model with known log-strengths (every pair equally often). */
function simulate(strengths: Record<string, number>, games: number, seed: number): PairwiseOutcome[] {
  const random = new SeededRandom(seed, 'bt-votes');
  const keys = Object.keys(strengths);
  const outcomes: PairwiseOutcome[] = [];
  for (let game = 0; game < games; game++) {
    const i = Math.floor(random.nextFloat() * keys.length);
    let j = Math.floor(random.nextFloat() * (keys.length - 1));
    if (j >= i) j++;
    const a = keys[i]!;
    const b = keys[j]!;
    const pA = 1 / (1 + Math.exp(strengths[b]! - strengths[a]!));
    outcomes.push({ a, b, scoreA: random.nextFloat() < pA ? 1 : 0 });
  }
  return outcomes;
}

const centred = (values: Record<string, number>): Record<string, number> => {
  const mean = Object.values(values).reduce((sum, value) => sum + value, 0) / Object.keys(values).length;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value - mean]));
};

describe('Bradley-Terry fit', () => {
  const truth = centred({ strong: 1.2, good: 0.4, fair: -0.3, weak: -1.3 });

  it('recovers known strengths from synthetic votes, within its own confidence intervals', () => {
    const fit = fitBradleyTerry(simulate(truth, 6000, 7));
    expect(fit.converged).toBe(true);
    expect(fit.strengths.reduce((sum, value) => sum + value, 0)).toBeCloseTo(0, 9);
    fit.keys.forEach((key, index) => {
      const error = Math.abs(fit.strengths[index]! - truth[key]!);
      expect(error).toBeLessThan(3 * fit.standardErrors[index]!);
      expect(error).toBeLessThan(0.15);
    });
    const ranking = [...fit.keys].sort((a, b) => fit.strengths[fit.keys.indexOf(b)]! - fit.strengths[fit.keys.indexOf(a)]!);
    expect(ranking).toEqual(['strong', 'good', 'fair', 'weak']);
  });

  it('has 95% intervals that cover the truth about 95% of the time', () => {
    let covered = 0;
    let total = 0;
    for (let trial = 0; trial < 150; trial++) {
      const fit = fitBradleyTerry(simulate(truth, 400, 100 + trial));
      fit.keys.forEach((key, index) => {
        total++;
        if (Math.abs(fit.strengths[index]! - truth[key]!) <= 1.96 * fit.standardErrors[index]!) covered++;
      });
    }
    // The weak prior shrinks a little towards 0, so allow a few points either way around 95%.
    expect(covered / total).toBeGreaterThan(0.89);
    expect(covered / total).toBeLessThan(0.99);
  });

  it('narrows its intervals as votes accumulate', () => {
    const few = fitBradleyTerry(simulate(truth, 200, 3));
    const many = fitBradleyTerry(simulate(truth, 3200, 3));
    few.standardErrors.forEach((se, index) => expect(many.standardErrors[index]!).toBeLessThan(se / 2.5));
  });

  it('keeps an undefeated contender finite and above the rest', () => {
    const outcomes: PairwiseOutcome[] = [
      { a: 'x', b: 'y', scoreA: 1 },
      { a: 'y', b: 'x', scoreA: 0 },
      { a: 'x', b: 'z', scoreA: 1 },
      { a: 'y', b: 'z', scoreA: 0.5 },
    ];
    const fit = fitBradleyTerry(outcomes);
    expect(fit.converged).toBe(true);
    fit.strengths.forEach((value) => expect(Number.isFinite(value)).toBe(true));
    fit.standardErrors.forEach((value) => expect(Number.isFinite(value)).toBe(true));
    const strength = (key: string) => fit.strengths[fit.keys.indexOf(key)]!;
    expect(strength('x')).toBeGreaterThan(strength('y'));
    expect(strength('x')).toBeGreaterThan(strength('z'));
  });

  it('rates two contenders that only tie as equal, and swapping A and B changes nothing', () => {
    const ties = fitBradleyTerry([
      { a: 'p', b: 'q', scoreA: 0.5 },
      { a: 'q', b: 'p', scoreA: 0.5 },
    ]);
    expect(ties.strengths[0]).toBeCloseTo(0, 9);
    expect(ties.strengths[1]).toBeCloseTo(0, 9);
    const outcomes = simulate(truth, 500, 11);
    const swapped = outcomes.map((outcome) => ({ a: outcome.b, b: outcome.a, scoreA: 1 - outcome.scoreA }));
    const left = fitBradleyTerry(outcomes);
    const right = fitBradleyTerry(swapped);
    left.strengths.forEach((value, index) => expect(right.strengths[index]).toBeCloseTo(value, 9));
  });
});

describe('Elo', () => {
  it('moves the winner up and the loser down by the same amount, more for an upset', () => {
    const even = eloRatings([{ a: 'a', b: 'b', scoreA: 1 }]);
    expect(even.get('a')).toBeCloseTo(1016, 9);
    expect(even.get('b')).toBeCloseTo(984, 9);
    const upset = eloRatings([
      { a: 'a', b: 'b', scoreA: 1 },
      { a: 'a', b: 'b', scoreA: 0 },
    ]);
    // b was the underdog (984 vs 1016), so its win is worth more than 16 points.
    expect(upset.get('b')! - 984).toBeGreaterThan(16);
    expect(upset.get('a')! + upset.get('b')!).toBeCloseTo(2000, 9);
  });
});

describe('leaderboard from votes', () => {
  const vote = (a: string, b: string, verdict: RecordedVote['verdict']): RecordedVote => ({ aKey: a, aLabel: a.toUpperCase(), bKey: b, bLabel: b.toUpperCase(), verdict });

  it('ranks by the votes, counts wins, losses, ties and both-bad, and puts ratings on the Elo scale', () => {
    const votes = [
      vote('chat', 'base', 'a'),
      vote('base', 'chat', 'b'),
      vote('chat', 'lora', 'a'),
      vote('lora', 'base', 'a'),
      vote('lora', 'chat', 'tie'),
      vote('base', 'lora', 'both_bad'),
      vote('chat', 'base', 'a'),
    ];
    const board = buildLeaderboard(votes);
    expect(board.votes).toBe(7);
    expect(board.entries.map((entry) => entry.key)).toEqual(['chat', 'lora', 'base']);
    const chat = board.entries[0]!;
    expect(chat).toMatchObject({ label: 'CHAT', games: 5, wins: 4, losses: 0, ties: 1, bothBad: 0 });
    const base = board.entries[2]!;
    expect(base).toMatchObject({ games: 5, wins: 0, losses: 4, ties: 0, bothBad: 1 });
    for (const entry of board.entries) {
      expect(entry.ratingLow).toBeLessThan(entry.rating);
      expect(entry.ratingHigh).toBeGreaterThan(entry.rating);
      expect(entry.rating - entry.ratingLow).toBeCloseTo(entry.ratingHigh - entry.rating, 9);
    }
    // The ratings average 1000 and their gaps are the fitted logits in Elo points.
    const mean = board.entries.reduce((sum, entry) => sum + entry.rating, 0) / board.entries.length;
    expect(mean).toBeCloseTo(1000, 6);
    const fit = fitBradleyTerry(votes.map((v) => ({ a: v.aKey, b: v.bKey, scoreA: v.verdict === 'a' ? 1 : v.verdict === 'b' ? 0 : 0.5 })));
    const logit = (key: string) => fit.strengths[fit.keys.indexOf(key)]!;
    expect(chat.rating - base.rating).toBeCloseTo((logit('chat') - logit('base')) * eloPointsPerLogit, 6);
    expect(chat.elo).toBeGreaterThan(base.elo);
  });

  it('is empty without votes', () => {
    expect(buildLeaderboard([])).toEqual({ entries: [], votes: 0 });
  });
});

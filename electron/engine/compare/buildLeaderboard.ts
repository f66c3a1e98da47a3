import type { BlindVerdict, Leaderboard, LeaderboardEntry } from '../../shared/contract/compare.ts';
import { eloPointsPerLogit, eloRatings, fitBradleyTerry, type PairwiseOutcome } from './bradleyTerry.ts';

export interface RecordedVote {
  readonly aKey: string;
  readonly aLabel: string;
  readonly bKey: string;
  readonly bLabel: string;
  readonly verdict: BlindVerdict;
}

/** "Both bad" says neither is better, so for ratings it is a tie; it is still counted on its own. */
const scoreOfA: Record<BlindVerdict, number> = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 };

const z95 = 1.959964;

/** Votes (oldest first) → one row per contender, best Bradley-Terry rating first. */
export function buildLeaderboard(votes: readonly RecordedVote[]): Leaderboard {
  const outcomes: PairwiseOutcome[] = votes.filter((vote) => vote.aKey !== vote.bKey).map((vote) => ({ a: vote.aKey, b: vote.bKey, scoreA: scoreOfA[vote.verdict] }));
  const fit = fitBradleyTerry(outcomes);
  const elo = eloRatings(outcomes);
  const labels = new Map<string, string>();
  const tallies = new Map<string, { games: number; wins: number; losses: number; ties: number; bothBad: number }>();
  const tally = (key: string) => {
    let entry = tallies.get(key);
    if (!entry) {
      entry = { games: 0, wins: 0, losses: 0, ties: 0, bothBad: 0 };
      tallies.set(key, entry);
    }
    return entry;
  };
  for (const vote of votes) {
    // The most recent label wins: a contender renamed later shows its new name.
    labels.set(vote.aKey, vote.aLabel);
    labels.set(vote.bKey, vote.bLabel);
    if (vote.aKey === vote.bKey) continue;
    const a = tally(vote.aKey);
    const b = tally(vote.bKey);
    a.games++;
    b.games++;
    if (vote.verdict === 'a') {
      a.wins++;
      b.losses++;
    } else if (vote.verdict === 'b') {
      b.wins++;
      a.losses++;
    } else if (vote.verdict === 'tie') {
      a.ties++;
      b.ties++;
    } else {
      a.bothBad++;
      b.bothBad++;
    }
  }
  const entries: LeaderboardEntry[] = fit.keys.map((key, index) => {
    const rating = 1000 + eloPointsPerLogit * fit.strengths[index]!;
    const halfWidth = z95 * eloPointsPerLogit * fit.standardErrors[index]!;
    return {
      key,
      label: labels.get(key) ?? key,
      rating,
      ratingLow: rating - halfWidth,
      ratingHigh: rating + halfWidth,
      elo: elo.get(key) ?? 1000,
      ...tally(key),
    };
  });
  entries.sort((left, right) => right.rating - left.rating || left.label.localeCompare(right.label));
  return { entries, votes: votes.length };
}

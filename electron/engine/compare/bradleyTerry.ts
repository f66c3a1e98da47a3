import { choleskyInverse, solvePositiveDefinite } from './choleskyInverse.ts';

/** One comparison: scoreA is 1 when A won, 0 when B won, 0.5 for a tie. */
export interface PairwiseOutcome {
  readonly a: string;
  readonly b: string;
  readonly scoreA: number;
}

export interface BradleyTerryFit {
  readonly keys: string[];
  /** Log-strengths θ (natural log, mean 0): P(i beats j) = 1 / (1 + exp(θj − θi)). */
  readonly strengths: number[];
  /** Standard errors of θ from the inverse Fisher information (the curvature of the log-likelihood at the fit). */
  readonly standardErrors: number[];
  readonly iterations: number;
  readonly converged: boolean;
}

export interface BradleyTerryOptions {
  /**
   * Precision of a weak Gaussian prior on θ. Without it a contender that never lost has θ = ∞ and the Fisher
   * information is singular; 0.05 (σ ≈ 4.5 on the log scale) barely moves estimates backed by real data.
   */
  readonly priorPrecision?: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Maximum a-posteriori Bradley-Terry strengths by Newton's method. Ties count as half a win for each side (the
 * usual reading, as in Chatbot Arena). The log-likelihood is concave, so Newton converges in a few steps.
 */
export function fitBradleyTerry(outcomes: readonly PairwiseOutcome[], options: BradleyTerryOptions = {}): BradleyTerryFit {
  const prior = options.priorPrecision ?? 0.05;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const keys = [...new Set(outcomes.flatMap((outcome) => [outcome.a, outcome.b]))].sort();
  const n = keys.length;
  const index = new Map(keys.map((key, position) => [key, position]));
  // Games and points between each ordered pair are all the fit needs.
  const games = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const points = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const outcome of outcomes) {
    const a = index.get(outcome.a)!;
    const b = index.get(outcome.b)!;
    if (a === b) continue;
    games[a]![b]! += 1;
    games[b]![a]! += 1;
    points[a]![b]! += outcome.scoreA;
    points[b]![a]! += 1 - outcome.scoreA;
  }

  const theta = new Array<number>(n).fill(0);
  const information = (): number[][] => {
    const matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      matrix[i]![i] = prior;
      for (let j = 0; j < n; j++) {
        if (i === j || games[i]![j] === 0) continue;
        const p = logistic(theta[i]! - theta[j]!);
        const weight = games[i]![j]! * p * (1 - p);
        matrix[i]![i]! += weight;
        matrix[i]![j]! -= weight;
      }
    }
    return matrix;
  };

  let iterations = 0;
  let converged = n === 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    const gradient = theta.map((value, i) => {
      let sum = -prior * value;
      for (let j = 0; j < n; j++) {
        if (i !== j && games[i]![j]! > 0) sum += points[i]![j]! - games[i]![j]! * logistic(value - theta[j]!);
      }
      return sum;
    });
    const step = solvePositiveDefinite(information(), gradient);
    let largest = 0;
    step.forEach((delta, i) => {
      theta[i]! += delta;
      largest = Math.max(largest, Math.abs(delta));
    });
    converged = largest < tolerance;
  }
  return { keys, strengths: theta, standardErrors: centredStandardErrors(n === 0 ? [] : choleskyInverse(information())), iterations, converged };
}

/**
 * Votes only say how contenders differ, never where the whole scale sits: that direction (all θ up by the same
 * amount) is held only by the weak prior, which gives it a huge variance. Ratings are reported with mean 0, so the
 * errors are those of the centred strengths, P Σ P with P = I − 11ᵀ/n.
 */
function centredStandardErrors(covariance: readonly (readonly number[])[]): number[] {
  const n = covariance.length;
  const rowMeans = covariance.map((row) => row.reduce((sum, value) => sum + value, 0) / n);
  const grandMean = rowMeans.reduce((sum, value) => sum + value, 0) / n;
  // (PΣP)_ii = Σ_ii − 2·mean_j Σ_ij + mean_jk Σ_jk, Σ symmetric.
  return covariance.map((row, i) => Math.sqrt(Math.max(0, row[i]! - 2 * rowMeans[i]! + grandMean)));
}

/** Points per unit of θ on the Elo scale: a 400-point gap means 10:1 odds. */
export const eloPointsPerLogit = 400 / Math.LN10;

/** Online Elo in the order the games were played; the starting rating and K are the chess federation's classics. */
export function eloRatings(outcomes: readonly PairwiseOutcome[], options: { k?: number; initial?: number } = {}): Map<string, number> {
  const k = options.k ?? 32;
  const initial = options.initial ?? 1000;
  const ratings = new Map<string, number>();
  for (const outcome of outcomes) {
    const ra = ratings.get(outcome.a) ?? initial;
    const rb = ratings.get(outcome.b) ?? initial;
    const expectedA = 1 / (1 + 10 ** ((rb - ra) / 400));
    ratings.set(outcome.a, ra + k * (outcome.scoreA - expectedA));
    ratings.set(outcome.b, rb + k * (expectedA - outcome.scoreA));
  }
  return ratings;
}

import type { MarginHistogram, PairMetrics } from '../../shared/contract/rewardModel.ts';
import type { DpoBatch, DpoOptions, TrainingSequence } from '../training/native/nativeTrainerApi.ts';

/**
 * The Bradley–Terry loss of a reward model, −log σ(r_c − r_r), is the native DPO loss
 * (1−ε)·softplus(−z) + ε·softplus(z), z = β((logπ_c − ref_c) − (logπ_r − ref_r)), with β = 1, ε = 0 and both
 * reference log-probs 0: then z = logπ_c − logπ_r, and logπ of a sequence whose train mask covers only the judge
 * token is exactly r = log p(judge | judge text). So the native dpoStep / computeDpoGradients train a reward model
 * unchanged; ggml differentiates the loss itself (tests/integration/native/rewardModelGradients.test.ts checks it
 * against finite differences of a loss computed here, from sequenceLogProbs, not from the DPO code).
 */
export const bradleyTerryOptions: DpoOptions = { beta: 1, labelSmoothing: 0 };

/** One pair of judge sequences (each with the train mask on its last token only). */
export interface JudgePair {
  chosen: TrainingSequence;
  rejected: TrainingSequence;
}

export function bradleyTerryBatch(pairs: readonly JudgePair[]): DpoBatch {
  return { pairs: pairs.map((pair) => ({ chosen: pair.chosen, rejected: pair.rejected, referenceChosenLogProb: 0, referenceRejectedLogProb: 0 })) };
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** −log σ(margin), stable for large |margin|. */
export const bradleyTerryLoss = (margin: number): number => softplus(-margin);

/** Ranking accuracy, mean margin and mean loss of pairs given their rewards (ties count as wrong). */
export function pairMetrics(chosen: readonly number[], rejected: readonly number[]): PairMetrics {
  const n = chosen.length;
  if (n === 0) return { pairs: 0, accuracy: 0, meanMargin: 0, loss: 0 };
  let correct = 0;
  let margin = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const m = chosen[i]! - rejected[i]!;
    if (m > 0) correct++;
    margin += m;
    loss += bradleyTerryLoss(m);
  }
  return { pairs: n, accuracy: correct / n, meanMargin: margin / n, loss: loss / n };
}

/**
 * Margins in `bins` equal bins over a range symmetric around 0 (so the bin edge at 0 separates right from wrong
 * rankings), wide enough for the largest |margin|.
 */
export function marginHistogram(margins: readonly number[], bins = 12): MarginHistogram {
  const half = Math.max(1e-6, ...margins.map((m) => Math.abs(m)));
  const width = (2 * half) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -half + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const m of margins) counts[Math.min(bins - 1, Math.max(0, Math.floor((m + half) / width)))]! += 1;
  return { edges, counts };
}

/**
 * GRPO's arithmetic, as TRL's GRPOTrainer defines it (loss_type "grpo", num_iterations 1), in plain numbers so it
 * is tested apart from the trainer.
 *
 * Advantages: each completion's reward minus its group's mean, divided by the group's standard deviation
 * (unbiased, as torch.std) + 1e-4; a group whose rewards are all equal gets advantage 0 and teaches nothing.
 *
 * Loss: L = (1/N) Σ_i (1/|o_i|) Σ_t [ −A_i·ρ_t + β·k3_t ], ρ_t = π(o_t)/π_old(o_t) (clipped to 1±ε), k3_t =
 * exp(ref_t − logπ_t) − (ref_t − logπ_t) − 1 (the k3 estimator of KL(π‖π_ref)). With one update per batch of
 * samples π_old = π at update time, so ρ = 1, the clip is inactive and dρ/dlogπ = 1; dk3/dlogπ = 1 − exp(ref − logπ).
 * So dL/dlogπ_t = (1/(N|o_i|))·[−A_i + β(1 − exp(ref_t − logπ_t))], which is the gradient of the weighted-token
 * loss Σ_t w_t·(−logπ_t) (TrainingSession.weightedStep) with w_t = (1/(N|o_i|))·[A_i − β(1 − exp(ref_t − logπ_t))].
 */

export const advantageEpsilon = 1e-4;

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Unbiased standard deviation (n − 1), torch.std's default; 0 for fewer than two values. */
export function unbiasedStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** Group-relative advantages: rewards are laid out group after group, `groupSize` each. */
export function groupAdvantages(rewards: readonly number[], groupSize: number): number[] {
  if (groupSize < 1 || rewards.length % groupSize !== 0) throw new Error(`${rewards.length} rewards do not split into groups of ${groupSize}`);
  const advantages: number[] = [];
  for (let start = 0; start < rewards.length; start += groupSize) {
    const group = rewards.slice(start, start + groupSize);
    const m = mean(group);
    const s = unbiasedStd(group);
    for (const r of group) advantages.push((r - m) / (s + advantageEpsilon));
  }
  return advantages;
}

/** k3 estimate of KL(π‖π_ref) at one token. */
export function tokenKl(logProb: number, referenceLogProb: number): number {
  const d = referenceLogProb - logProb;
  return Math.exp(d) - d - 1;
}

export interface CompletionTerms {
  advantage: number;
  /** log π of each completion token under the policy at update time. */
  logProbs: ArrayLike<number>;
  /** log π_ref of the same tokens. */
  referenceLogProbs: ArrayLike<number>;
}

/**
 * The per-token weights of one completion for weightedStep (see the file comment), `completions` the batch size N.
 * β = 0 leaves only the advantage term.
 */
export function tokenWeights(terms: CompletionTerms, completions: number, beta: number): Float32Array {
  const n = terms.logProbs.length;
  const weights = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    const kl = beta === 0 ? 0 : beta * (1 - Math.exp(terms.referenceLogProbs[t]! - terms.logProbs[t]!));
    weights[t] = (terms.advantage - kl) / (completions * n);
  }
  return weights;
}

/** TRL's logged kl: the mean over completions of each completion's mean token k3. */
export function meanKl(completions: readonly CompletionTerms[]): number {
  return mean(
    completions.map((c) => {
      let sum = 0;
      for (let t = 0; t < c.logProbs.length; t++) sum += tokenKl(c.logProbs[t]!, c.referenceLogProbs[t]!);
      return c.logProbs.length === 0 ? 0 : sum / c.logProbs.length;
    }),
  );
}

/**
 * The GRPO loss value with the policy ratio against `oldLogProbs` (π_old, the policy that sampled; default: the
 * current log-probs, ρ = 1), for checking that the weights are its gradient at π = π_old. No clip: at ρ = 1 it is
 * inactive.
 */
export function grpoLoss(completions: readonly CompletionTerms[], beta: number, oldLogProbs?: readonly ArrayLike<number>[]): number {
  return mean(
    completions.map((c, i) => {
      let sum = 0;
      for (let t = 0; t < c.logProbs.length; t++) {
        const ratio = Math.exp(c.logProbs[t]! - (oldLogProbs ? oldLogProbs[i]![t]! : c.logProbs[t]!));
        sum += -c.advantage * ratio + beta * tokenKl(c.logProbs[t]!, c.referenceLogProbs[t]!);
      }
      return sum / c.logProbs.length;
    }),
  );
}

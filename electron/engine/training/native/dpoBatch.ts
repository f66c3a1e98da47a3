import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { fieldIssueReason } from '../../fieldIssueReason.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { RawDpoSettings, RawPreferencePair } from './nativeAddon.ts';
import type { DpoBatch, DpoOptions, DpoStats } from './nativeTrainerApi.ts';
import { targetCount, toRawSequences } from './trainingBatch.ts';

const dpoOptionsSchema = z
  .object({
    beta: z.number().refine(Number.isFinite, 'must be a finite number').refine((b) => b > 0, 'must be greater than 0'),
    // TRL's cDPO range: at 0.5 the loss no longer prefers either answer
    labelSmoothing: z.number().min(0).max(0.5).optional(),
  })
  .strict();

/** Validates DPO options (β > 0, 0 ≤ labelSmoothing ≤ 0.5) into what the addon takes. */
export function parseDpoOptions(options: DpoOptions): RawDpoSettings {
  const parsed = dpoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'options';
    throw new WorkbenchError('bad_input', `DPO options: ${field}: ${issue?.message ?? 'invalid'}`, { field }, fieldIssueReason(issue, field));
  }
  return { beta: parsed.data.beta, labelSmoothing: parsed.data.labelSmoothing ?? 0 };
}

/**
 * Checks a DPO batch: every pair's answers are valid sequences within the context, each answer's train mask covers
 * at least one token (DPO compares the answers' log-probs; an empty answer has none), reference log-probs finite.
 */
export function toRawPairs(batch: DpoBatch, contextLength: number): RawPreferencePair[] {
  if (!batch || !Array.isArray(batch.pairs) || batch.pairs.length === 0) {
    throw new WorkbenchError('bad_input', 'A DPO batch needs at least one pair', { field: 'pairs' }, reason('field_invalid', { field: 'pairs' }));
  }
  return batch.pairs.map((pair, index) => {
    const field = `pairs[${index}]`;
    const [chosen, rejected] = toRawSequences([pair.chosen, pair.rejected], contextLength, false);
    for (const side of ['chosen', 'rejected'] as const) {
      if (targetCount(pair[side]) === 0) {
        throw new WorkbenchError('bad_input', `${field}.${side}: the train mask covers zero tokens; DPO needs the answer tokens marked`, {
          field: `${field}.${side}.trainMask`,
        }, reason('field_invalid', { field: `${field}.${side}.trainMask` }));
      }
    }
    for (const key of ['referenceChosenLogProb', 'referenceRejectedLogProb'] as const) {
      if (typeof pair[key] !== 'number' || !Number.isFinite(pair[key])) {
        throw new WorkbenchError('bad_input', `${field}.${key} must be a finite number (the reference policy's summed log-prob)`, {
          field: `${field}.${key}`,
        }, reason('field_invalid', { field: `${field}.${key}` }));
      }
    }
    return { chosen: chosen!, rejected: rejected!, referenceChosen: pair.referenceChosenLogProb, referenceRejected: pair.referenceRejectedLogProb };
  });
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * TRL's DPO metrics from the policy's summed log-probs: reward = β(logπ − logπ_ref) per answer, z = reward_chosen −
 * reward_rejected, loss = (1−ε)·softplus(−z) + ε·softplus(z); all means over the pairs.
 */
export function dpoStats(
  pairs: readonly RawPreferencePair[],
  logps: { chosen: ArrayLike<number>; rejected: ArrayLike<number> },
  settings: RawDpoSettings,
): DpoStats {
  const n = pairs.length;
  let loss = 0;
  let rewardsChosen = 0;
  let rewardsRejected = 0;
  let accuracies = 0;
  let logpsChosen = 0;
  let logpsRejected = 0;
  const perPair: DpoStats['pairs'] = [];
  pairs.forEach((pair, i) => {
    const logpChosen = logps.chosen[i]!;
    const logpRejected = logps.rejected[i]!;
    const chosen = settings.beta * (logpChosen - pair.referenceChosen);
    const rejected = settings.beta * (logpRejected - pair.referenceRejected);
    const z = chosen - rejected;
    loss += (1 - settings.labelSmoothing) * softplus(-z) + settings.labelSmoothing * softplus(z);
    rewardsChosen += chosen;
    rewardsRejected += rejected;
    accuracies += chosen > rejected ? 1 : 0;
    logpsChosen += logpChosen;
    logpsRejected += logpRejected;
    perPair.push({ logpChosen, logpRejected });
  });
  return {
    loss: loss / n,
    rewardsChosen: rewardsChosen / n,
    rewardsRejected: rewardsRejected / n,
    rewardsMargins: (rewardsChosen - rewardsRejected) / n,
    rewardsAccuracies: accuracies / n,
    logpsChosen: logpsChosen / n,
    logpsRejected: logpsRejected / n,
    pairs: perPair,
  };
}

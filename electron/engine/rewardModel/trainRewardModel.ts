import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { PairMetrics, RewardModelProgress, RewardSetReport } from '../../shared/contract/rewardModel.ts';
import { seededRandom, shuffleInPlace } from '../datasets/seededShuffle.ts';
import type { LoraTarget, NativeTrainerBinding, OptimizerOptions, TrainingSession } from '../training/native/nativeTrainerApi.ts';
import { sessionVocabulary, type TokenVocabulary } from '../training/run/tokenVocabulary.ts';
import { bradleyTerryBatch, bradleyTerryOptions, marginHistogram, pairMetrics, type JudgePair } from './bradleyTerry.ts';
import { judgeSequence, judgeTokenOf } from './judgeSequence.ts';

/** A pair as the engine sends it: the two judge texts (judgeText.ts), rendered once, in the engine. */
export interface JudgeTextPair {
  chosen: string;
  rejected: string;
}

/** What the engine sends the trainer host for a 'train-rm' job: data already read and rendered, paths resolved. */
export interface RewardTrainingRun {
  modelPath: string;
  outPath: string;
  /** The string whose first token is the judge token (judgeRenderer().answer). */
  judgeAnswer: string;
  train: JudgeTextPair[];
  heldOut: JudgeTextPair[];
  probes: { label: string; pairs: JudgeTextPair[] }[];
  lora: { rank: number; alpha: number; targets: LoraTarget[] };
  epochs: number;
  lr: number;
  batchSize: number;
  contextLength: number;
  evalEvery: number;
  seed: number;
  threads?: number;
}

export interface RewardTrainingRunResult {
  outPath: string;
  judgeTokenId: number;
  steps: number;
  train: RewardSetReport;
  heldOut: RewardSetReport | null;
  probes: RewardSetReport[];
  /** Pairs left out because a judge sequence is longer than the context. */
  skipped: number;
  seconds: number;
}

/** AdamW for a reward LoRA: 5 % warm-up, cosine to a tenth, clipping at 1 (as the DPO presets do). */
function rewardOptimizer(lr: number, steps: number): OptimizerOptions {
  return {
    lr,
    weightDecay: 0,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    gradClip: 1,
    schedule: { kind: 'cosine', warmupSteps: Math.max(1, Math.round(steps * 0.05)), totalSteps: steps, minLrRatio: 0.1 },
  };
}

/** Judge texts as sequences; pairs longer than the context are dropped and counted. */
function toSequences(vocabulary: TokenVocabulary, judgeToken: number, pairs: readonly JudgeTextPair[], contextLength: number) {
  const kept: JudgePair[] = [];
  let skipped = 0;
  for (const pair of pairs) {
    const chosen = judgeSequence(vocabulary, pair.chosen, judgeToken);
    const rejected = judgeSequence(vocabulary, pair.rejected, judgeToken);
    if (Math.max(chosen.tokens.length, rejected.tokens.length) > contextLength) skipped++;
    else kept.push({ chosen, rejected });
  }
  return { kept, skipped };
}

/** r_chosen and r_rejected of every pair with the current weights (the judge token's log-prob, no update). */
export async function rewardsOf(session: TrainingSession, pairs: readonly JudgePair[]): Promise<{ chosen: number[]; rejected: number[] }> {
  const chosen: number[] = [];
  const rejected: number[] = [];
  const chunk = 8;
  for (let start = 0; start < pairs.length; start += chunk) {
    const slice = pairs.slice(start, start + chunk);
    const results = await session.sequenceLogProbs(slice.flatMap((pair) => [pair.chosen, pair.rejected]));
    slice.forEach((_, i) => {
      chosen.push(results[2 * i]!.logProb);
      rejected.push(results[2 * i + 1]!.logProb);
    });
  }
  return { chosen, rejected };
}

async function measure(session: TrainingSession, pairs: readonly JudgePair[]): Promise<{ metrics: PairMetrics; margins: number[] }> {
  const rewards = await rewardsOf(session, pairs);
  return { metrics: pairMetrics(rewards.chosen, rewards.rejected), margins: rewards.chosen.map((c, i) => c - rewards.rejected[i]!) };
}

/**
 * Trains a generative reward model in the trainer host: a fresh LoRA on the base, one optimizer step of the
 * Bradley–Terry loss per `batchSize` pairs (the native DPO step with β 1, no reference; bradleyTerry.ts), the data
 * reshuffled with the seed every epoch. Every step reports its batch's accuracy and margin (before the update); every
 * `evalEvery` steps, and at the first and last, all held-out pairs and probe sets are scored. The adapter is an
 * ordinary llama.cpp LoRA. `signal` cancels within one micro-batch.
 */
export async function trainRewardModel(
  trainer: NativeTrainerBinding,
  run: RewardTrainingRun,
  emit: (progress: RewardModelProgress) => void,
  signal?: AbortSignal,
): Promise<RewardTrainingRunResult> {
  const started = performance.now();
  if (run.train.length === 0) throw new WorkbenchError('bad_input', 'The reward model has no training pairs', { field: 'data' }, reason('reward_no_training_pairs', {}));
  const cancelled = () => new WorkbenchError('cancelled', 'Reward model training was cancelled');
  const totalSteps = Math.max(1, Math.ceil((run.train.length * run.epochs) / run.batchSize));
  const session = await trainer.createSession({
    modelPath: run.modelPath,
    mode: 'lora',
    lora: { rank: run.lora.rank, alpha: run.lora.alpha, targets: run.lora.targets },
    contextLength: run.contextLength,
    ...(run.threads ? { threads: run.threads } : {}),
    seed: run.seed,
    optimizer: rewardOptimizer(run.lr, totalSteps),
  });
  const abort = () => session.abort();
  signal?.addEventListener('abort', abort);
  try {
    if (signal?.aborted) throw cancelled();
    const vocabulary = sessionVocabulary(session);
    const judgeTokenId = judgeTokenOf(vocabulary, run.judgeAnswer);
    const context = session.info.contextLength;
    const train = toSequences(vocabulary, judgeTokenId, run.train, context);
    const heldOut = toSequences(vocabulary, judgeTokenId, run.heldOut, context);
    const probes = run.probes.map((probe) => ({ label: probe.label, ...toSequences(vocabulary, judgeTokenId, probe.pairs, context) }));
    const skipped = train.skipped + heldOut.skipped + probes.reduce((sum, probe) => sum + probe.skipped, 0);
    if (train.kept.length === 0) {
      throw new WorkbenchError('bad_input', `No training pair fits the ${context}-token context (${train.skipped} too long)`, { field: 'contextLength' }, reason('no_pair_fits_context', { context, skipped: train.skipped }));
    }
    if (skipped > 0) emit({ type: 'status', stage: { code: 'pairs_left_out', params: { pairs: skipped, contextTokens: context } } });

    emit({ type: 'status', stage: { code: 'scoring_before', params: {} } });
    const before = {
      train: (await measure(session, train.kept)).metrics,
      heldOut: heldOut.kept.length > 0 ? (await measure(session, heldOut.kept)).metrics : null,
    };
    // one at a time: a session runs one call at a time
    const probesBefore: PairMetrics[] = [];
    for (const probe of probes) probesBefore.push((await measure(session, probe.kept)).metrics);

    const order: JudgePair[] = [];
    const random = seededRandom(run.seed);
    for (let step = 1; step <= totalSteps; step++) {
      if (signal?.aborted) throw cancelled();
      if (order.length < run.batchSize) order.push(...shuffleInPlace([...train.kept], random));
      const batch = order.splice(0, run.batchSize);
      const result = await session.dpoStep(bradleyTerryBatch(batch), bradleyTerryOptions);
      if (!Number.isFinite(result.loss)) {
        throw new WorkbenchError('internal', `The reward model's loss became ${result.loss} at step ${step}: lower the learning rate`, { field: 'lr' });
      }
      const evaluate = step === 1 || step === totalSteps || step % run.evalEvery === 0;
      const heldOutNow = evaluate && heldOut.kept.length > 0 ? (await measure(session, heldOut.kept)).metrics : null;
      const probesNow: (PairMetrics & { label: string })[] | null = evaluate ? [] : null;
      if (probesNow) for (const probe of probes) probesNow.push({ label: probe.label, ...(await measure(session, probe.kept)).metrics });
      emit({
        type: 'step',
        step,
        totalSteps,
        loss: result.loss,
        // β 1 and no reference: the DPO "rewards" are the reward model's own rewards
        trainAccuracy: result.rewardsAccuracies,
        trainMargin: result.rewardsMargins,
        heldOut: heldOutNow,
        probes: probesNow,
        elapsedMs: performance.now() - started,
      });
    }

    emit({ type: 'status', stage: { code: 'scoring_after', params: {} } });
    const report = async (label: string, pairs: readonly JudgePair[], beforeMetrics: PairMetrics): Promise<RewardSetReport> => {
      const after = await measure(session, pairs);
      return { label, before: beforeMetrics, after: after.metrics, histogram: marginHistogram(after.margins) };
    };
    const trainReport = await report('train', train.kept, before.train);
    const heldOutReport = before.heldOut ? await report('held-out', heldOut.kept, before.heldOut) : null;
    const probeReports: RewardSetReport[] = [];
    for (const [index, probe] of probes.entries()) probeReports.push(await report(probe.label, probe.kept, probesBefore[index]!));

    mkdirSync(dirname(run.outPath), { recursive: true });
    await session.saveAdapter(run.outPath);
    return {
      outPath: run.outPath,
      judgeTokenId,
      steps: totalSteps,
      train: trainReport,
      heldOut: heldOutReport,
      probes: probeReports,
      skipped,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    signal?.removeEventListener('abort', abort);
    session.dispose();
  }
}

import { WorkbenchError } from '../../../shared/contract/errors.ts';
import type { OptimizerStepReport, TrainingSession } from '../native/nativeTrainerApi.ts';

/**
 * The skeleton every training loop of the trainer host shares (a training run, pretraining, world-chat SFT): one
 * session for the job, cancel, the step loop with its loss check and throughput, and a hook after each step for
 * what differs (progress events, validation, checkpoints with samples, pause). Each loop keeps its own batches.
 */

/** What a cancelled job's error says: '<what> was cancelled'. */
export interface LoopJob {
  readonly what: string;
  readonly signal?: AbortSignal;
}

/** session.abort() only stops a call in flight: a cancel that lands between calls, or during the load, is caught by looking. */
export function throwIfCancelled(job: LoopJob): void {
  if (job.signal?.aborted) throw new WorkbenchError('cancelled', `${job.what} was cancelled`);
}

/**
 * Opens a trainer session for `body`: a cancel aborts the session's call in flight, a cancel during the load is
 * caught before any work, and the session is disposed however `body` ends.
 */
export async function withTrainingSession<T>(job: LoopJob, open: () => Promise<TrainingSession>, body: (session: TrainingSession) => Promise<T>): Promise<T> {
  throwIfCancelled(job);
  const session = await open();
  const abort = () => session.abort();
  job.signal?.addEventListener('abort', abort);
  try {
    // The load's cancel had no session to abort, and its event has passed.
    throwIfCancelled(job);
    return await body(session);
  } finally {
    job.signal?.removeEventListener('abort', abort);
    session.dispose();
  }
}

/** Running totals of the steps this loop ran (not those before a resume). */
export interface LoopTotals {
  readonly steps: number;
  readonly tokensSeen: number;
  readonly trainMs: number;
  /** Tokens per second of optimizer time (the session's own step timings, not wall time). */
  readonly tokensPerSecond: number;
  /** Loss of the first step this loop ran. */
  readonly initialLoss: number;
  readonly lastLoss: number;
  /** Mean loss of the last 10 steps: a final figure less noisy than one step's. */
  readonly recentLoss: number;
}

export interface StepLoop<R extends OptimizerStepReport & { loss: number }> extends LoopJob {
  /** Step numbers to run, both ends included (1-based; a resumed run starts after its checkpoint's step). */
  readonly first: number;
  readonly last: number;
  /** The form field to lower when the loss diverges. */
  readonly learningRateField: string;
  /** One optimizer step: draws step `step`'s batch and trains on it. */
  step(step: number): Promise<R>;
  /** After each step: progress, validation, checkpoints, samples. 'stop' ends the loop early (a pause). */
  afterStep?(step: number, result: R, totals: LoopTotals): Promise<'stop' | void> | 'stop' | void;
}

const recentWindow = 10;

/** Runs steps first…last; returns the totals and the step the loop stopped at early (null when it ran to the end). */
export async function runStepLoop<R extends OptimizerStepReport & { loss: number }>(loop: StepLoop<R>): Promise<LoopTotals & { stoppedAt: number | null }> {
  const recent: number[] = [];
  let totals: LoopTotals = { steps: 0, tokensSeen: 0, trainMs: 0, tokensPerSecond: 0, initialLoss: Number.NaN, lastLoss: Number.NaN, recentLoss: Number.NaN };
  for (let step = loop.first; step <= loop.last; step++) {
    throwIfCancelled(loop);
    const result = await loop.step(step);
    if (!Number.isFinite(result.loss)) {
      throw new WorkbenchError('internal', `The loss became ${result.loss} at step ${step}: lower the learning rate`, { field: loop.learningRateField });
    }
    recent.push(result.loss);
    if (recent.length > recentWindow) recent.shift();
    const tokensSeen = totals.tokensSeen + result.tokens;
    const trainMs = totals.trainMs + result.milliseconds;
    totals = {
      steps: totals.steps + 1,
      tokensSeen,
      trainMs,
      tokensPerSecond: (tokensSeen * 1000) / Math.max(1, trainMs),
      initialLoss: totals.steps === 0 ? result.loss : totals.initialLoss,
      lastLoss: result.loss,
      recentLoss: recent.reduce((sum, loss) => sum + loss, 0) / recent.length,
    };
    if ((await loop.afterStep?.(step, result, totals)) === 'stop') return { ...totals, stoppedAt: step };
  }
  return { ...totals, stoppedAt: null };
}

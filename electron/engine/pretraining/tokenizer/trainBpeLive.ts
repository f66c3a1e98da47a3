import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { startBpeTraining, type MergeEvent, type TrainBpeOptions, type TrainBpeResult } from './trainBpe.ts';

export interface TrainBpeLiveOptions extends Pick<TrainBpeOptions, 'vocabSize' | 'minFrequency' | 'specialTokens' | 'signal'> {
  /** Receives every merge exactly once, in rank order, a batch at a time (never an empty batch). */
  readonly onMerges: (merges: readonly MergeEvent[]) => void;
  /** Longest stretch of training between two batches (and two turns of the event loop); default 50 ms. */
  readonly batchMs?: number;
  /** Slow motion for watching: at most this many merges a second (default: as fast as the machine goes). */
  readonly mergesPerSecond?: number;
}

/**
 * trainBpe for a live view: the same merges, reported in batches, with a turn of the event loop after each
 * batch so progress events actually leave the process while training runs (a synchronous loop would hold them
 * all until the end). Optional pacing stretches training out so a person can watch words become tokens.
 */
export async function trainBpeLive(corpus: string | Uint8Array, options: TrainBpeLiveOptions): Promise<TrainBpeResult> {
  const training = startBpeTraining(corpus, options);
  const batchMs = options.batchMs ?? 50;
  const pace = options.mergesPerSecond;
  // With a pace, a batch is the merges due in batchMs; without, whatever batchMs of work learns.
  const pacedBatch = pace === undefined ? Infinity : Math.max(1, Math.round((pace * batchMs) / 1000));
  const started = performance.now();
  let batch: MergeEvent[] = [];
  let batchStarted = started;
  let learned = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const event = training.step();
    if (event) {
      batch.push(event);
      learned++;
    }
    const closes = !event || batch.length >= pacedBatch || (pace === undefined && performance.now() - batchStarted >= batchMs);
    if (batch.length > 0 && closes) {
      options.onMerges(batch);
      batch = [];
      if (event) await waitForNextBatch(pace === undefined ? 0 : (learned / pace) * 1000 - (performance.now() - started), options.signal);
      batchStarted = performance.now();
    }
    if (!event) return training.finish();
  }
}

/** Sleeps until the pace allows the next batch, or just yields one turn of the event loop. */
function waitForNextBatch(ms: number, signal: AbortSignal | undefined): Promise<void> {
  const options = signal ? { signal } : {};
  return ms > 1 ? sleep(ms, undefined, options) : nextTurn(undefined, options);
}

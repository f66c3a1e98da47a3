import { OpenAiError } from './openAiError.ts';

export interface ModelQueueOptions {
  /** Requests run at once per model (each holds its own context and KV cache). */
  readonly concurrency: number;
  /** Requests allowed to wait per model; one more is answered 503 instead of growing memory without bound. */
  readonly maxWaiting: number;
}

interface Waiter {
  start(): void;
  cancel(reason: unknown): void;
}

interface Lane {
  running: number;
  readonly waiting: Waiter[];
}

/**
 * Per-model FIFO: a model runs `concurrency` requests at a time and keeps at most `maxWaiting` in line. A
 * waiting request whose client went away leaves the line without ever reaching the model.
 */
export class ModelQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: ModelQueueOptions) {}

  async run<T>(key: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    signal.throwIfAborted();
    const lane = this.lane(key);
    if (lane.running >= this.options.concurrency) {
      if (lane.waiting.length >= this.options.maxWaiting) {
        throw new OpenAiError(
          503,
          'overloaded_error',
          `The model is busy: ${lane.running} request(s) running and ${lane.waiting.length} waiting (the limit); retry later`,
          null,
          'model_overloaded',
        );
      }
      await this.wait(lane, signal);
    } else {
      lane.running += 1;
    }
    try {
      return await work();
    } finally {
      this.release(key, lane);
    }
  }

  /** Requests running and waiting for one model (tests and status). */
  depth(key: string): { running: number; waiting: number } {
    const lane = this.lanes.get(key);
    return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private wait(lane: Lane, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => waiter.cancel(signal.reason);
      const waiter: Waiter = {
        // The slot is handed over by release(), so `running` is already counted for this request.
        start: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: (reason) => {
          const index = lane.waiting.indexOf(waiter);
          if (index !== -1) lane.waiting.splice(index, 1);
          reject(reason);
        },
      };
      lane.waiting.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(key: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) {
      next.start();
      return;
    }
    lane.running -= 1;
    if (lane.running === 0) this.lanes.delete(key);
  }
}

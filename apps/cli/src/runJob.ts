import type { Engine } from '../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';
import { CliError } from './cliOutput.ts';

type ProgressPayload = EventPayload<'job.progress'>;

/** What a command does with its job's progress: the whole event, or each data item of it (a batch unpacked). */
export interface JobProgressHandlers {
  onProgress?(payload: ProgressPayload): void;
  onItem?(item: unknown, payload: ProgressPayload): void;
}

/**
 * Starts a job through the engine and waits for it to finish, passing on the progress of that job only (events
 * that arrive before `start` returns the id are held, then passed on if they are its). Subscribes before the job
 * starts, so a job that ends quickly is not missed. Ctrl-C cancels the job (a second Ctrl-C exits at once), so
 * the trainer or inference host stops within a step. A job that fails or is cancelled rejects with its error.
 */
export async function runJob<T>(engine: Engine, start: () => Promise<{ jobId: string }>, handlers: JobProgressHandlers = {}): Promise<T> {
  const finished = new Map<string, EventPayload<'job.finished'>>();
  let jobId: string | null = null;
  const early: ProgressPayload[] = [];
  let waiting: { settle: (payload: EventPayload<'job.finished'>) => void } | null = null;
  const pass = (payload: ProgressPayload): void => {
    handlers.onProgress?.(payload);
    if (!handlers.onItem) return;
    for (const item of Array.isArray(payload.data) ? payload.data : [payload.data]) if (item !== undefined) handlers.onItem(item, payload);
  };
  const unsubscribe = engine.onEvent((name, payload) => {
    if (name === 'job.progress') {
      const progress = payload as ProgressPayload;
      if (jobId === null) early.push(progress);
      else if (progress.jobId === jobId) pass(progress);
      return;
    }
    if (name !== 'job.finished') return;
    const done = payload as EventPayload<'job.finished'>;
    if (waiting && done.jobId === jobId) waiting.settle(done);
    else finished.set(done.jobId, done);
  });
  const onInterrupt = (): void => {
    if (jobId) void engine.call('jobs.cancel', { jobId });
  };
  process.once('SIGINT', onInterrupt);
  try {
    const started = await start();
    jobId = started.jobId;
    for (const progress of early.splice(0)) if (progress.jobId === started.jobId) pass(progress);
    const done = finished.get(started.jobId) ?? (await new Promise<EventPayload<'job.finished'>>((settle) => (waiting = { settle })));
    if (done.state !== 'done') throw done.error ? WorkbenchError.fromShape(done.error) : new CliError(`The job ended: ${done.state}`);
    return done.result as T;
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
  }
}

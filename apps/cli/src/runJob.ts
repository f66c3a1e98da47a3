import type { Engine } from '../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';
import { CliError } from './cliOutput.ts';

/**
 * Starts a job through the engine and waits for it to finish, passing its progress events on. Subscribes before
 * the job starts, so a job that ends quickly is not missed. A job that fails or is cancelled rejects with its error.
 */
export async function runJob<T>(
  engine: Engine,
  start: () => Promise<{ jobId: string }>,
  onProgress: (payload: EventPayload<'job.progress'>) => void,
): Promise<T> {
  const finished = new Map<string, EventPayload<'job.finished'>>();
  let waiting: { jobId: string; settle: (payload: EventPayload<'job.finished'>) => void } | null = null;
  const unsubscribe = engine.onEvent((name, payload) => {
    if (name === 'job.progress') onProgress(payload as EventPayload<'job.progress'>);
    if (name !== 'job.finished') return;
    const done = payload as EventPayload<'job.finished'>;
    if (waiting?.jobId === done.jobId) waiting.settle(done);
    else finished.set(done.jobId, done);
  });
  try {
    const { jobId } = await start();
    const done = finished.get(jobId) ?? (await new Promise<EventPayload<'job.finished'>>((settle) => (waiting = { jobId, settle })));
    if (done.state !== 'done') throw done.error ? WorkbenchError.fromShape(done.error) : new CliError(`The job ended: ${done.state}`);
    return done.result as T;
  } finally {
    unsubscribe();
  }
}

import type { Engine } from '../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';

/** Starts a job and resolves with its result (rejects with its error), collecting its progress events. */
export async function waitForJob<T>(engine: Engine, start: () => Promise<unknown>, progress: EventPayload<'job.progress'>[] = []): Promise<T> {
  let jobId: string | null = null;
  const early: EventPayload<'job.finished'>[] = [];
  let settle: ((event: EventPayload<'job.finished'>) => void) | null = null;
  const off = engine.onEvent((name, payload) => {
    if (name === 'job.progress') {
      const event = payload as EventPayload<'job.progress'>;
      if (jobId === null || event.jobId === jobId) progress.push(event);
    }
    if (name !== 'job.finished') return;
    const event = payload as EventPayload<'job.finished'>;
    if (jobId === event.jobId && settle) settle(event);
    else early.push(event);
  });
  try {
    jobId = ((await start()) as { jobId: string }).jobId;
    const done = early.find((event) => event.jobId === jobId) ?? (await new Promise<EventPayload<'job.finished'>>((resolve) => (settle = resolve)));
    if (done.state !== 'done') throw done.error ? WorkbenchError.fromShape(done.error) : new Error(`job ${done.state}`);
    return done.result as T;
  } finally {
    off();
  }
}

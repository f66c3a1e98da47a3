import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { JobFinished, JobProgress } from '../../../electron/shared/contract/jobs.ts';

export interface CollectedJob<R> {
  readonly finished: JobFinished & { result?: R };
  /** Every progress data item, in order (the job runner batches them). */
  readonly data: unknown[];
}

/** Calls a method that starts a job and gathers its progress data until job.finished. */
export async function collectJob<R>(
  engine: Engine,
  method: string,
  input: unknown,
  onProgress?: (progress: JobProgress, jobId: string) => void,
): Promise<CollectedJob<R>> {
  const data: unknown[] = [];
  const early: { name: string; payload: unknown }[] = [];
  let jobId: string | null = null;
  let settle: ((finished: JobFinished) => void) | null = null;
  const handle = (name: string, payload: unknown): void => {
    const event = payload as { jobId: string };
    if (event.jobId !== jobId) return;
    if (name === 'job.progress') {
      const progress = payload as JobProgress;
      if (Array.isArray(progress.data)) data.push(...(progress.data as unknown[]));
      onProgress?.(progress, jobId);
    } else if (name === 'job.finished') settle?.(payload as JobFinished);
  };
  const stop = engine.onEvent((name, payload) => {
    if (jobId === null) early.push({ name, payload });
    else handle(name, payload);
  });
  try {
    const finishedPromise = new Promise<JobFinished>((resolve) => (settle = resolve));
    jobId = ((await engine.call(method, input)) as { jobId: string }).jobId;
    for (const event of early) handle(event.name, event.payload);
    const finished = await finishedPromise;
    return { finished: finished as JobFinished & { result?: R }, data };
  } finally {
    stop();
  }
}

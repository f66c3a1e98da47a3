import type { EventPayload } from '../../shared/contract/index.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { RemoteClient } from './remoteClient.ts';

/**
 * Starts a job on the remote engine and waits for its end. The listener is attached before the start call, so a
 * job that ends before its id comes back is still seen.
 */
export async function runRemoteJob(
  client: RemoteClient,
  start: () => Promise<{ jobId: string }>,
  options: { signal?: AbortSignal; onProgress?(payload: EventPayload<'job.progress'>): void } = {},
): Promise<EventPayload<'job.finished'>> {
  const ended = new Map<string, EventPayload<'job.finished'>>();
  let wake: (() => void) | null = null;
  const offFinished = client.subscribe('job.finished', (payload) => {
    ended.set(payload.jobId, payload);
    wake?.();
  });
  let jobId: string | null = null;
  const offProgress = client.subscribe('job.progress', (payload) => {
    if (payload.jobId === jobId) options.onProgress?.(payload);
  });
  const onAbort = (): void => {
    if (jobId) void client.call('jobs.cancel', { jobId }).catch(() => undefined);
  };
  options.signal?.addEventListener('abort', onAbort);
  try {
    jobId = (await start()).jobId;
    while (!ended.has(jobId)) {
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return ended.get(jobId)!;
  } finally {
    offFinished();
    offProgress();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The finished job's result, or its error thrown as the remote engine said it. */
export function remoteJobResult(finished: EventPayload<'job.finished'>, what: string): unknown {
  if (finished.state === 'done') return finished.result;
  if (finished.error) throw WorkbenchError.fromShape({ ...finished.error, message: `${what} on the remote engine: ${finished.error.message}` });
  throw new WorkbenchError('cancelled', `${what} on the remote engine was cancelled`);
}

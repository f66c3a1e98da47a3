import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

/**
 * `work`, or a 'cancelled' rejection as soon as `signal` aborts. The work itself goes on (a host starting, a model
 * loading for whoever asks next); only the caller stops waiting, so a cancel takes effect in that phase at once.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, message: string): Promise<T> {
  if (!signal) return await work;
  if (signal.aborted) {
    work.catch(() => undefined);
    throw new WorkbenchError('cancelled', message, undefined, reason('cancelled', {}));
  }
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new WorkbenchError('cancelled', message, undefined, reason('cancelled', {})));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // Whichever loses the race must not surface as an unhandled rejection.
  work.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../../electron/engine/hosts/untilAborted.ts';

/** A phase that cannot be interrupted (a host starting, a model loading) still ends its caller's wait on cancel. */
describe('untilAborted', () => {
  it('rejects with cancelled as soon as the signal aborts, while the work itself never settles', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(new Promise<never>(() => undefined), controller.signal, 'Cancelled while the model was loading');
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled', message: 'Cancelled while the model was loading' });
  });

  it('passes the work through when nobody cancels, and refuses an already-aborted signal at once', async () => {
    await expect(untilAborted(Promise.resolve(42), new AbortController().signal, 'x')).resolves.toBe(42);
    await expect(untilAborted(Promise.resolve(42), undefined, 'x')).resolves.toBe(42);
    const aborted = new AbortController();
    aborted.abort();
    await expect(untilAborted(Promise.reject(new Error('load failed')), aborted.signal, 'gone')).rejects.toMatchObject({ code: 'cancelled' });
  });
});

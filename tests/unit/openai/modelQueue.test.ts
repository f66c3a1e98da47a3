import { describe, expect, it } from 'vitest';
import { ModelQueue } from '../../../electron/engine/openai/modelQueue.ts';
import { OpenAiError } from '../../../electron/engine/openai/openAiError.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('ModelQueue', () => {
  it('runs one request per model at a time, in arrival order, and other models in parallel', async () => {
    const queue = new ModelQueue({ concurrency: 1, maxWaiting: 10 });
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run('a', new AbortController().signal, async () => {
      order.push('a1 start');
      await gate.promise;
      order.push('a1 end');
    });
    const second = queue.run('a', new AbortController().signal, async () => void order.push('a2'));
    const other = queue.run('b', new AbortController().signal, async () => void order.push('b1'));
    await other;
    expect(order).toEqual(['a1 start', 'b1']);
    expect(queue.depth('a')).toEqual({ running: 1, waiting: 1 });
    gate.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(queue.depth('a')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses with 503 beyond the waiting bound', async () => {
    const queue = new ModelQueue({ concurrency: 1, maxWaiting: 1 });
    const gate = deferred();
    const running = queue.run('m', new AbortController().signal, () => gate.promise);
    const waiting = queue.run('m', new AbortController().signal, async () => 'served');
    const refused = await queue.run('m', new AbortController().signal, async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAiError);
    expect((refused as OpenAiError).status).toBe(503);
    expect((refused as OpenAiError).type).toBe('overloaded_error');
    gate.resolve();
    await running;
    expect(await waiting).toBe('served');
  });

  it('drops a waiting request whose client went away without running it', async () => {
    const queue = new ModelQueue({ concurrency: 1, maxWaiting: 5 });
    const gate = deferred();
    const running = queue.run('m', new AbortController().signal, () => gate.promise);
    const client = new AbortController();
    let ran = false;
    const abandoned = queue.run('m', client.signal, async () => {
      ran = true;
    });
    client.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    expect(queue.depth('m')).toEqual({ running: 1, waiting: 0 });
    gate.resolve();
    await running;
    expect(ran).toBe(false);
    expect(queue.depth('m')).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when the work throws', async () => {
    const queue = new ModelQueue({ concurrency: 1, maxWaiting: 5 });
    await expect(queue.run('m', new AbortController().signal, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('m', new AbortController().signal, async () => 'next')).toBe('next');
  });
});

import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { EngineToHostMessage, HostProcess, HostToEngineMessage } from '../../../electron/engine/hosts/hostProtocol.ts';
import { SupervisedHost } from '../../../electron/engine/hosts/supervisedHost.ts';
import type { HostStatus } from '../../../electron/shared/contract/system.ts';

/** An in-memory child that answers "echo" and can be crashed on demand. */
class FakeChild implements HostProcess {
  private readonly emitter = new EventEmitter();
  readonly received: EngineToHostMessage[] = [];
  constructor(
    readonly pid: number,
    startsAtOnce = true,
  ) {
    if (startsAtOnce) queueMicrotask(() => this.becomeReady());
  }
  /** A slow start (a busy machine loading the host's code) ends here. */
  becomeReady(): void {
    this.emitter.emit('message', { type: 'ready' } satisfies HostToEngineMessage);
  }
  postMessage(message: EngineToHostMessage): void {
    this.received.push(message);
    if (message.type === 'request' && message.method === 'echo') {
      queueMicrotask(() => {
        this.emitter.emit('message', { type: 'event', id: message.id, event: 'working' });
        this.emitter.emit('message', { type: 'result', id: message.id, result: message.params });
      });
    }
  }
  onMessage(listener: (message: HostToEngineMessage) => void): void {
    this.emitter.on('message', listener);
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.emitter.on('exit', listener);
  }
  kill(): void {
    this.crash(null, 'SIGKILL');
  }
  crash(code: number | null, signal: string | null): void {
    this.emitter.emit('exit', code, signal);
  }
}

describe('supervised host', () => {
  it('routes requests and streamed events by id', async () => {
    const children: FakeChild[] = [];
    const host = new SupervisedHost('inference', () => {
      const child = new FakeChild(100 + children.length);
      children.push(child);
      return child;
    });
    const seen: unknown[] = [];
    await expect(host.request('echo', { a: 1 }, { onEvent: (event) => seen.push(event) })).resolves.toEqual({ a: 1 });
    expect(seen).toEqual(['working']);
    expect(host.status()).toMatchObject({ state: 'ready', pid: 100, restarts: 0 });
    host.dispose();
  });

  it('turns a crash into host_crashed for work in flight, restarts, and serves the next request', async () => {
    const children: FakeChild[] = [];
    const statuses: HostStatus['state'][] = [];
    const host = new SupervisedHost(
      'trainer',
      () => {
        const child = new FakeChild(200 + children.length);
        children.push(child);
        return child;
      },
      (status) => statuses.push(status.state),
    );
    const inFlight = host.request('never-answers', {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    children[0]?.crash(null, 'SIGKILL');
    await expect(inFlight).rejects.toMatchObject({ code: 'host_crashed' });
    await expect.poll(() => host.status().state, { timeout: 3000 }).toBe('ready');
    expect(host.status()).toMatchObject({ pid: 201, restarts: 1 });
    expect(host.status().lastError).toContain('SIGKILL');
    await expect(host.request('echo', 'again')).resolves.toBe('again');
    expect(statuses).toEqual(expect.arrayContaining(['starting', 'ready', 'crashed', 'restarting']));
    host.dispose();
  });

  it('forwards cancel to the child when the caller aborts', async () => {
    let child: FakeChild | null = null;
    const host = new SupervisedHost('inference', () => (child = new FakeChild(300)));
    const controller = new AbortController();
    const pending = host.request('never-answers', {}, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(child!.received.at(-1)).toMatchObject({ type: 'cancel' });
    host.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'host_crashed' });
  });

  it('ends a request cancelled while its host is still starting, and never sends it', async () => {
    let child: FakeChild | null = null;
    const host = new SupervisedHost('trainer', () => (child = new FakeChild(400, false)));
    const controller = new AbortController();
    const pending = host.request('never-answers', {}, { signal: controller.signal });
    const settled = pending.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );
    await Promise.resolve();
    controller.abort();
    // The host has not even said it is ready, yet the cancelled request is over.
    await expect(settled).resolves.toBe('cancelled');
    child!.becomeReady();
    await expect(host.request('echo', 'after')).resolves.toBe('after');
    expect(child!.received.filter((message) => message.type === 'request').map((message) => message.type === 'request' && message.method)).toEqual(['echo']);
    host.dispose();
  });
});

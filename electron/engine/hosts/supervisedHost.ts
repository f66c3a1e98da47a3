import type { HostName, HostStatus } from '../../shared/contract/system.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { HostContract, HostEvent, HostParams, HostResult } from './hostContract.ts';
import type { HostProcess, HostSpawner, HostToEngineMessage } from './hostProtocol.ts';
import { untilAborted } from './untilAborted.ts';

export interface HostRequestOptions<E = unknown> {
  signal?: AbortSignal;
  onEvent?: (event: E) => void;
}

interface PendingRequest {
  method: string;
  resolve(value: unknown): void;
  reject(error: WorkbenchError): void;
  onEvent?: ((event: unknown) => void) | undefined;
  detachAbort(): void;
}

const READY_TIMEOUT_MS = 60_000;
/** Restart delays grow so a host that dies at start-up does not spin the CPU. */
const BACKOFF_MS = [200, 500, 1_000, 2_000, 5_000, 10_000];
/** After this many crashes in a row without a successful request, stop restarting until someone asks again. */
const MAX_CONSECUTIVE_CRASHES = BACKOFF_MS.length;

/**
 * Owns one native-code child process: starts it on demand, routes requests by id, forwards cancel, and turns a
 * crash into `host_crashed` errors for everything in flight, then restarts it with backoff. Typed by the host's
 * contract `C`: a method the host does not serve, or params or a reply of the wrong shape, fails to compile.
 */
export class SupervisedHost<C extends HostContract = HostContract> {
  private process: HostProcess | null = null;
  private readyPromise: Promise<HostProcess> | null = null;
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private restarts = 0;
  private consecutiveCrashes = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private state: HostStatus['state'] = 'stopped';
  private lastError: string | null = null;
  private disposed = false;

  constructor(
    readonly name: HostName,
    private readonly spawn: HostSpawner,
    private readonly onStatus: (status: HostStatus) => void = () => undefined,
  ) {}

  status(): HostStatus {
    return { name: this.name, state: this.state, pid: this.process?.pid ?? null, restarts: this.restarts, lastError: this.lastError };
  }

  async request<M extends keyof C & string>(method: M, params: HostParams<C[M]>, options: HostRequestOptions<HostEvent<C[M]>> = {}): Promise<HostResult<C[M]>> {
    if (this.disposed) throw new WorkbenchError('host_crashed', `The ${this.name} host has been shut down`);
    options.signal?.throwIfAborted();
    // Starting a host takes seconds on a busy machine; a cancel meanwhile must end the request now, and the request
    // must then never be sent (it would run to the end with nobody listening for its cancel).
    const child = await untilAborted(this.ensureStarted(), options.signal, `${method}: cancelled while the ${this.name} host was starting`);
    const id = this.nextId++;
    return await new Promise<HostResult<C[M]>>((resolve, reject) => {
      const onAbort = (): void => child.postMessage({ type: 'cancel', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        method,
        // The host's runtime answers with what the handler typed by the same contract returned.
        resolve: (value) => resolve(value as HostResult<C[M]>),
        reject,
        onEvent: options.onEvent as ((event: unknown) => void) | undefined,
        detachAbort: () => options.signal?.removeEventListener('abort', onAbort),
      });
      child.postMessage({ type: 'request', id, method, params });
    });
  }

  /** Starts the process now (e.g. at app start) instead of on first request. */
  async start(): Promise<void> {
    await this.ensureStarted();
  }

  dispose(): void {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.process;
    this.process = null;
    this.readyPromise = null;
    this.failAll(new WorkbenchError('host_crashed', `The ${this.name} host was shut down`));
    child?.kill();
    this.setState('stopped');
  }

  private ensureStarted(): Promise<HostProcess> {
    if (this.readyPromise) return this.readyPromise;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    this.setState(this.restarts > 0 ? 'restarting' : 'starting');
    const child = this.spawn(this.name);
    this.process = child;
    const ready = new Promise<HostProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new WorkbenchError('host_crashed', `The ${this.name} host did not start within ${READY_TIMEOUT_MS / 1000}s`));
        child.kill();
      }, READY_TIMEOUT_MS);
      child.onMessage((message) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.setState('ready');
          resolve(child);
          return;
        }
        this.route(message);
      });
      child.onExit((code, signal) => {
        clearTimeout(timer);
        reject(new WorkbenchError('host_crashed', `The ${this.name} host exited during start-up (code ${code}, signal ${signal})`));
        this.handleExit(child, code, signal);
      });
    });
    this.readyPromise = ready;
    ready.catch(() => undefined);
    return ready;
  }

  private route(message: HostToEngineMessage): void {
    if (message.type === 'ready') return;
    const request = this.pending.get(message.id);
    if (!request) return;
    if (message.type === 'event') {
      request.onEvent?.(message.event);
      return;
    }
    this.pending.delete(message.id);
    request.detachAbort();
    if (message.type === 'result') {
      this.consecutiveCrashes = 0;
      request.resolve(message.result);
    } else {
      request.reject(WorkbenchError.fromShape(message.error));
    }
  }

  private handleExit(child: HostProcess, code: number | null, signal: string | null): void {
    if (this.process !== child) return; // an old process we already replaced
    this.process = null;
    this.readyPromise = null;
    if (this.disposed) return;
    const description = `The ${this.name} host stopped unexpectedly (exit code ${code ?? 'none'}${signal ? `, signal ${signal}` : ''})`;
    this.lastError = description;
    this.failAll(new WorkbenchError('host_crashed', `${description}. It is restarting; nothing saved was lost.`, { host: this.name, code, signal }, reason('host_restarting', { host: this.name })));
    this.consecutiveCrashes += 1;
    this.setState('crashed');
    if (this.consecutiveCrashes > MAX_CONSECUTIVE_CRASHES) return; // wait for the next request to try again
    const delay = BACKOFF_MS[Math.min(this.consecutiveCrashes - 1, BACKOFF_MS.length - 1)] ?? 10_000;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.restarts += 1;
      this.ensureStarted().catch(() => undefined);
    }, delay);
  }

  private failAll(error: WorkbenchError): void {
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      request.detachAbort();
      request.reject(new WorkbenchError(error.code, `${request.method}: ${error.message}`, error.details, error.reason));
    }
  }

  private setState(state: HostStatus['state']): void {
    this.state = state;
    this.onStatus(this.status());
  }
}

import i18next from 'i18next';
import {
  WorkbenchError,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type WorkbenchClient,
} from '../../../electron/shared/contract/index.ts';
import { workbenchErrorSchema } from '../../../electron/shared/contract/errors.ts';
import { connectionEndpoints, keyProtocols, storedConnection } from './connection.ts';
import type { WorkbenchBridge } from './electronBridge.ts';
import { errorText } from './errorText.ts';

type Listener = (payload: unknown) => void;

/** Electron: calls go through the narrow preload bridge; errors come back as their shape. */
function createElectronClient(bridge: WorkbenchBridge): WorkbenchClient {
  return {
    async call(name, input) {
      const invoke = bridge.methods[name];
      if (!invoke) throw new WorkbenchError('not_found', `The app does not expose ${name}`);
      const reply = (await invoke(input)) as { ok: true; output: unknown } | { ok: false; error: unknown };
      if (reply.ok) return reply.output as never;
      throw WorkbenchError.fromShape(workbenchErrorSchema.parse(reply.error));
    },
    subscribe(name, listener) {
      const subscribe = bridge.events[name];
      if (!subscribe) return () => undefined;
      return subscribe(listener as Listener);
    },
  };
}

/** Browser: one WebSocket to the server that served this page, reconnecting if the server restarts. */
function createWebSocketClient(url: string, protocols: string[] = []): WorkbenchClient {
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const listeners = new Map<string, Set<Listener>>();

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = protocols.length > 0 ? new WebSocket(url, protocols) : new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      // A browser WebSocket hides the HTTP status: a refused key and a dead engine look the same from here.
      const unreachable = protocols.length > 0 ? `Cannot reach the workbench engine at ${url}, or it refused this window's access key: check Settings → Engine connection` : `Cannot reach the workbench server at ${url}`;
      ws.onerror = () => reject(new WorkbenchError('host_crashed', unreachable));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const [id, request] of pending) {
          pending.delete(id);
          request.reject(new WorkbenchError('host_crashed', 'Lost the connection to the workbench server'));
        }
        // Keep event subscribers alive across server restarts.
        if (listeners.size > 0) setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as
          | { kind: 'result'; id: number; output: unknown }
          | { kind: 'error'; id: number; error: unknown }
          | { kind: 'event'; name: string; payload: unknown };
        if (data.kind === 'event') {
          for (const listener of listeners.get(data.name) ?? []) listener(data.payload);
          return;
        }
        const request = pending.get(data.id);
        if (!request) return;
        pending.delete(data.id);
        if (data.kind === 'result') request.resolve(data.output);
        else request.reject(WorkbenchError.fromShape(workbenchErrorSchema.parse(data.error)));
      };
    });
    return opened;
  };

  return {
    async call(name, input) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return await new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ kind: 'call', id, method: name, input }));
      });
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as Listener);
      void connect().catch(() => undefined);
      return () => set.delete(listener as Listener);
    },
  };
}

/** This machine's engine: Electron's, or the server that served the page. */
function createLocalClient(): WorkbenchClient {
  if (typeof window !== 'undefined' && window.workbench) return createElectronClient(window.workbench);
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketClient(`${protocol}//${window.location.host}/api/ws`);
}

/**
 * Engine errors reach the UI in its language: the code's sentence (common.errorCode) first, the engine's English
 * message (naming the file, line or tensor) as the detail, kept too in details.engineMessage.
 */
function withLocalizedErrors(client: WorkbenchClient): WorkbenchClient {
  return {
    async call(name, input) {
      try {
        return await client.call(name, input);
      } catch (error) {
        if (!(error instanceof WorkbenchError)) throw error;
        throw new WorkbenchError(error.code, errorText(i18next.t, error), { ...error.details, engineMessage: error.message }, error.reason);
      }
    },
    // A job that failed says so the same way: its error's message becomes the sentence + the engine's detail.
    subscribe: (name, listener) =>
      client.subscribe(name, (payload) => {
        const failed = name === 'job.finished' ? (payload as EventPayload<'job.finished'>).error : undefined;
        if (!failed) return listener(payload);
        const error = WorkbenchError.fromShape(failed);
        listener({ ...payload, error: { ...failed, message: errorText(i18next.t, error), details: { ...failed.details, engineMessage: failed.message } } });
      }),
  };
}

/** This machine's engine, for what must run here (moving files to and from a remote engine). */
export const localApi: WorkbenchClient = withLocalizedErrors(createLocalClient());

const remote = storedConnection();
/** The one client the whole renderer uses: this machine's engine, or the remote one chosen in Settings. */
export const api: WorkbenchClient = remote ? withLocalizedErrors(createWebSocketClient(connectionEndpoints(remote).wsUrl, keyProtocols(remote.key))) : localApi;

export type { EventName, EventPayload, MethodInput, MethodName, MethodOutput };

/** Which transport this window uses (shown in Settings; the rest of the UI never needs to know). */
export const transportName = (): 'electron' | 'browser' => (typeof window !== 'undefined' && window.workbench ? 'electron' : 'browser');

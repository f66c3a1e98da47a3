import WebSocket from 'ws';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { WorkbenchError, workbenchErrorSchema } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { authHeaders, remoteEndpoints, type RemoteConnection } from './remoteConnection.ts';

type Listener = (payload: unknown) => void;

/** The same calls and events the app's own engine answers, over the engine server's WebSocket. */
export interface RemoteClient {
  readonly connection: RemoteConnection;
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  close(): void;
}

/** Reads the engine's refusal (401 + its error JSON) off a failed WebSocket upgrade. */
function refusalOf(status: number, body: string, url: string): WorkbenchError {
  try {
    const shape = workbenchErrorSchema.safeParse((JSON.parse(body) as { error?: unknown }).error);
    if (shape.success) return WorkbenchError.fromShape(shape.data);
  } catch {
    // not JSON
  }
  return new WorkbenchError(status === 401 || status === 403 ? 'forbidden' : 'internal', `The workbench engine at ${url} refused the connection (HTTP ${status})`, { field: 'url' }, reason('remote_refused', { url, status }));
}

/**
 * Opens the WebSocket (key in the Authorization header) and resolves once it is open; a wrong key or an engine
 * that cannot be reached rejects with a WorkbenchError saying which.
 */
export async function connectRemote(connection: RemoteConnection): Promise<RemoteClient> {
  const { wsUrl, httpBase } = remoteEndpoints(connection.url);
  const ws = new WebSocket(wsUrl, ['workbench'], { headers: authHeaders(connection.key), handshakeTimeout: 15_000 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => reject(refusalOf(response.statusCode ?? 0, body, httpBase)));
    });
    ws.once('error', (error: Error & { code?: string }) =>
      reject(new WorkbenchError('host_crashed', `Cannot reach the workbench engine at ${httpBase} (${error.code ?? error.message})`, { field: 'url' }, reason('remote_unreachable', { url: httpBase }))),
    );
  });

  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const listeners = new Map<string, Set<Listener>>();
  ws.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { kind: 'result'; id: number; output: unknown } | { kind: 'error'; id: number; error: unknown } | { kind: 'event'; name: string; payload: unknown };
    if (message.kind === 'event') {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.kind === 'result') request.resolve(message.output);
    else request.reject(WorkbenchError.from(message.error));
  });
  ws.on('close', () => {
    for (const [id, request] of pending) {
      pending.delete(id);
      request.reject(new WorkbenchError('host_crashed', `Lost the connection to the workbench engine at ${httpBase}`, undefined, reason('remote_connection_lost', { url: httpBase })));
    }
  });

  return {
    connection,
    call(name, input) {
      if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new WorkbenchError('host_crashed', `Not connected to the workbench engine at ${httpBase}`, undefined, reason('remote_connection_lost', { url: httpBase })));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        ws.send(JSON.stringify({ kind: 'call', id, method: name, input }));
      });
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    close: () => ws.close(),
  };
}

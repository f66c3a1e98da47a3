import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { WorkbenchError } from '../shared/contract/errors.ts';
import { AdapterLibrary } from '../engine/adapters/adapterLibrary.ts';
import type { Engine } from '../engine/createEngine.ts';
import type { HttpRoute } from '../engine/openai/httpRoute.ts';
import { assertListenAllowed, keyMatches, keyRefusal, presentedKey, workbenchProtocol } from './accessKey.ts';
import { isAllowedRequest } from './originPolicy.ts';
import { serveRendererFile } from './staticFiles.ts';
import { handleTransfer } from './transferRoutes.ts';
import { handleUpload } from './uploadRoute.ts';
import { clientMessageSchema, type ServerMessage } from './wireProtocol.ts';

export interface WorkbenchServerOptions {
  engine: Engine;
  host?: string;
  port?: number;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  routes?: HttpRoute[];
  /**
   * With a key, every /api request and WebSocket must present it (Bearer header, or the WebSocket subprotocol
   * workbench-key.<key>) and may come from any origin (another machine's app); without one the server only
   * listens on loopback and answers only its own pages.
   */
  accessKey?: string | null;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new WorkbenchError('bad_input', 'Request body is larger than 64 MiB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new WorkbenchError('bad_input', `Request body is not valid JSON: ${(error as Error).message}`);
  }
}

const sendJson = (response: ServerResponse, status: number, value: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
};

const statusFor = (error: WorkbenchError): number =>
  ({ bad_input: 400, not_found: 404, conflict: 409, unsupported: 501, cancelled: 499, host_crashed: 503, forbidden: 403, internal: 500 })[error.code];

/**
 * Serves the built renderer and the engine's API (WebSocket at /api/ws, plus POST /api/call/<method> for
 * scripts) on 127.0.0.1 by default. Same methods, same events, same errors as the Electron IPC transport.
 */
export async function startWorkbenchServer(options: WorkbenchServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const { engine } = options;
  let port = options.port ?? 0;
  const uploadsDir = join(engine.services.home.tmpDir, 'uploads');
  const accessKey = options.accessKey ?? null;
  assertListenAllowed(host, accessKey);
  const adapters = new AdapterLibrary(engine.services.db);
  // Files sent by a remote client are kept (a model there is used from where it landed): not under tmp/.
  const transferPaths = { uploadsDir: join(engine.services.home.root, 'uploads'), downloadRoot: engine.services.home.root, isLibraryFile: (path: string) => adapters.findByPath(path) !== null };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const route = options.routes?.find((candidate) => url.pathname.startsWith(candidate.prefix));
    if (accessKey !== null && !route && url.pathname.startsWith('/api/')) {
      // Another machine's app calls from its own origin: the key, not the origin, says who may call.
      const origin = request.headers.origin;
      if (origin) response.setHeader('access-control-allow-origin', origin);
      if (request.method === 'OPTIONS') {
        response
          .writeHead(204, {
            'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
            'access-control-allow-headers': 'authorization, content-type, range',
            'access-control-max-age': '600',
          })
          .end();
        return;
      }
      const presented = presentedKey(request);
      if (!keyMatches(presented, accessKey)) {
        sendJson(response, 401, { error: keyRefusal(presented).toShape() });
        return;
      }
    } else if (!(route?.allowCrossOrigin ?? false) && !isAllowedRequest(request, host, port)) {
      sendJson(response, 403, { error: { code: 'forbidden', message: 'Cross-origin or foreign-host requests are refused' } });
      return;
    }
    if (route) {
      route.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: WorkbenchError.from(error).toShape() });
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      handleApiRequest(url.pathname, request, response).catch((error: unknown) => {
        const shaped = WorkbenchError.from(error);
        if (!response.headersSent) sendJson(response, statusFor(shaped), { error: shaped.toShape() });
      });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: { code: 'bad_input', message: 'Method not allowed' } });
      return;
    }
    serveRendererFile(options.rendererDir, request, response);
  });

  async function handleApiRequest(pathname: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (pathname === '/api/hello' && request.method === 'GET') {
      sendJson(response, 200, { engine: 'llm-workbench', version: engine.services.appVersion, keyRequired: accessKey !== null });
      return;
    }
    if (await handleTransfer(transferPaths, pathname, request, response)) return;
    if (request.method !== 'POST') throw new WorkbenchError('bad_input', 'Use POST for API calls');
    if (pathname === '/api/upload') {
      await handleUpload(uploadsDir, request, response);
      return;
    }
    // Browsers cannot send application/json cross-origin without a preflight we never answer.
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new WorkbenchError('bad_input', 'API calls must have content-type application/json');
    }
    const method = decodeURIComponent(pathname.slice('/api/call/'.length));
    if (!pathname.startsWith('/api/call/') || method === '') throw new WorkbenchError('not_found', `No API route ${pathname}`);
    const input = await readJsonBody(request);
    const output = await engine.call(method, input, { clientId: `http-${randomUUID()}` });
    sendJson(response, 200, { output });
  }

  // The server never echoes the key subprotocol back: it answers with the plain one when the client offered it.
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_BODY_BYTES,
    handleProtocols: (protocols) => (protocols.has(workbenchProtocol) ? workbenchProtocol : false),
  });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (accessKey !== null && url.pathname === '/api/ws') {
      const presented = presentedKey(request);
      if (!keyMatches(presented, accessKey)) {
        const body = JSON.stringify({ error: keyRefusal(presented).toShape() });
        socket.write(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        socket.destroy();
        return;
      }
    } else if (url.pathname !== '/api/ws' || !isAllowedRequest(request, host, port)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attachClient(ws));
  });

  function attachClient(ws: WebSocket): void {
    const clientId = `ws-${randomUUID()}`;
    const send = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = engine.onEvent((name, payload) => send({ kind: 'event', name, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = clientMessageSchema.safeParse(JSON.parse(String(data)));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        send({ kind: 'error', id: -1, error: { code: 'bad_input', message: 'Malformed message' } });
        return;
      }
      const { id, method, input } = parsed.data;
      engine.call(method, input, { clientId }).then(
        (output) => send({ kind: 'result', id, output }),
        (error: unknown) => send({ kind: 'error', id, error: WorkbenchError.from(error).toShape() }),
      );
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${displayHost}:${port}`,
    port,
    server,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An HTTP surface of the engine (the OpenAI-compatible API) that a server shell mounts under a prefix. Declared on
 * the engine's side so the engine never imports the server that hosts it (electron/server depends on the engine,
 * not the other way round).
 */
export interface HttpRoute {
  readonly prefix: string;
  /** Set when the route does its own auth and may be called cross-origin (API clients are not browsers). */
  readonly allowCrossOrigin?: boolean;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

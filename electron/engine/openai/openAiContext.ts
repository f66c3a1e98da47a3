import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineServices } from '../engineServices.ts';
import type { AdapterLookup } from './adapterLookup.ts';
import type { ModelQueue } from './modelQueue.ts';

/** What every endpoint gets: the engine's services, the adapter names it may resolve, the per-model queue. */
export interface OpenAiContext {
  readonly services: EngineServices;
  readonly adapters: AdapterLookup;
  readonly queue: ModelQueue;
}

/** One API call: `signal` aborts when the client disconnects before the answer is complete. */
export interface OpenAiCall {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly signal: AbortSignal;
}

export type OpenAiEndpoint = (context: OpenAiContext, call: OpenAiCall) => Promise<void>;

export function sendOpenAiJson(response: ServerResponse, value: unknown): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

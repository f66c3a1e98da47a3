import type { Engine } from '../../../electron/engine/createEngine.ts';
import { combineAdapterLookups, libraryAdapterLookup, registeredAdapterLookup, type RegisteredAdapter } from '../../../electron/engine/openai/adapterLookup.ts';
import { createOpenAiApi } from '../../../electron/engine/openai/openAiApi.ts';
import type { HttpRoute } from '../../../electron/engine/openai/httpRoute.ts';

export interface ServeApiOptions {
  /** Bearer key OpenAI clients must send; null: none (loopback only). */
  readonly apiKey: string | null;
  /** Adapter files usable as `model+name`, besides the training library's adapters. */
  readonly adapters: readonly RegisteredAdapter[];
}

/** Extra HTTP surfaces mounted by `serve`: the OpenAI-compatible API under /v1/ when asked for. */
export function serverRoutes(engine: Engine, api: ServeApiOptions | null = null): HttpRoute[] {
  if (api === null) return [];
  const adapters = combineAdapterLookups(libraryAdapterLookup((method, input) => engine.call(method, input)), registeredAdapterLookup(api.adapters));
  return [createOpenAiApi({ services: engine.services, adapters, apiKey: api.apiKey })];
}

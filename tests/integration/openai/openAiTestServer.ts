import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { RegisteredAdapter } from '../../../electron/engine/openai/adapterLookup.ts';
import { combineAdapterLookups, libraryAdapterLookup, registeredAdapterLookup } from '../../../electron/engine/openai/adapterLookup.ts';
import { noteMountedApi } from '../../../electron/engine/openai/mountedApi.ts';
import { createOpenAiApi, type OpenAiApi } from '../../../electron/engine/openai/openAiApi.ts';
import type { ModelQueueOptions } from '../../../electron/engine/openai/modelQueue.ts';
import { startWorkbenchServer, type RunningServer } from '../../../electron/server/workbenchServer.ts';
import type { createModelsTestEngine } from '../models/modelsTestEngine.ts';

export type TestEngine = ReturnType<typeof createModelsTestEngine>;

export interface OpenAiTestServer {
  readonly server: RunningServer;
  readonly api: OpenAiApi;
  readonly baseURL: string;
  client(apiKey?: string): OpenAI;
}

/** The app server with the OpenAI API mounted, as `workbench serve --api` builds it. */
export async function startOpenAiTestServer(
  engine: TestEngine,
  options: { apiKey?: string; adapters?: RegisteredAdapter[]; queue?: Partial<ModelQueueOptions> } = {},
): Promise<OpenAiTestServer> {
  const adapters = combineAdapterLookups(libraryAdapterLookup((method, input) => engine.call(method, input)), registeredAdapterLookup(options.adapters ?? []));
  const api = createOpenAiApi({ services: engine.services, adapters, apiKey: options.apiKey ?? null, ...(options.queue ? { queue: options.queue } : {}) });
  const server = await startWorkbenchServer({ engine, port: 0, rendererDir: 'out/renderer', routes: [api] });
  const baseURL = `${server.url}/v1`;
  noteMountedApi(engine.services, baseURL); // as `workbench serve --api` does
  return { server, api, baseURL, client: (apiKey = 'unused') => new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 120_000 }) };
}

/** Resident memory of a process in bytes (Linux /proc), for leak checks on the inference host. */
export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`No VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

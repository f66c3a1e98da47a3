import type { IncomingMessage, ServerResponse } from 'node:http';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { EngineServices } from '../engineServices.ts';
import type { HttpRoute } from './httpRoute.ts';
import type { AdapterLookup } from './adapterLookup.ts';
import { checkApiAccess } from './apiAccess.ts';
import { chatCompletionsEndpoint } from './chatCompletionsEndpoint.ts';
import { completionsEndpoint } from './completionsEndpoint.ts';
import { embeddingsEndpoint } from './embeddingsEndpoint.ts';
import { ModelQueue, type ModelQueueOptions } from './modelQueue.ts';
import { getModelEndpoint, listModelsEndpoint } from './modelsEndpoint.ts';
import type { OpenAiCall, OpenAiContext, OpenAiEndpoint } from './openAiContext.ts';
import { OpenAiError, sendOpenAiError } from './openAiError.ts';

export interface OpenAiApiOptions {
  readonly services: EngineServices;
  readonly adapters: AdapterLookup;
  /** Bearer key clients must send; null: none (then only loopback, non-browser requests are served). */
  readonly apiKey: string | null;
  readonly queue?: Partial<ModelQueueOptions>;
}

export interface OpenAiApi extends HttpRoute {
  readonly queue: ModelQueue;
}

export const OPENAI_API_PREFIX = '/v1/';
/** One request per model at a time (each would hold its own KV cache); 64 waiting covers a burst of 50 clients. */
export const DEFAULT_QUEUE: ModelQueueOptions = { concurrency: 1, maxWaiting: 64 };

const endpoints: Record<string, OpenAiEndpoint> = {
  'GET /v1/models': listModelsEndpoint,
  'POST /v1/chat/completions': chatCompletionsEndpoint,
  'POST /v1/completions': completionsEndpoint,
  'POST /v1/embeddings': embeddingsEndpoint,
};

function endpointFor(method: string, pathname: string): OpenAiEndpoint {
  const exact = endpoints[`${method} ${pathname}`];
  if (exact) return exact;
  if (method === 'GET' && pathname.startsWith('/v1/models/')) {
    const id = decodeURIComponent(pathname.slice('/v1/models/'.length));
    return (context, call) => getModelEndpoint(context, call, id);
  }
  if (Object.keys(endpoints).some((key) => key.endsWith(` ${pathname}`))) {
    throw new OpenAiError(405, 'invalid_request_error', `${method} is not allowed on ${pathname}`, null, 'method_not_allowed');
  }
  throw new OpenAiError(404, 'not_found_error', `Unknown endpoint ${method} ${pathname}`, null, 'unknown_url');
}

/** An abort signal that fires when the client goes away before its answer is complete. */
function disconnectSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new WorkbenchError('cancelled', 'The client disconnected'));
  });
  return controller.signal;
}

/**
 * The OpenAI-compatible API as an HTTP route: mounted on `workbench serve`'s server under /v1/, or served on its
 * own by the settings toggle. It does its own auth (see checkApiAccess), so the app server's browser-origin rule
 * does not apply to it.
 */
export function createOpenAiApi(options: OpenAiApiOptions): OpenAiApi {
  const queue = new ModelQueue({ ...DEFAULT_QUEUE, ...options.queue });
  const context: OpenAiContext = { services: options.services, adapters: options.adapters, queue };
  return {
    prefix: OPENAI_API_PREFIX,
    allowCrossOrigin: true,
    queue,
    async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const call: OpenAiCall = { request, response, signal: disconnectSignal(response) };
      try {
        checkApiAccess(request, options.apiKey);
        const { pathname } = new URL(request.url ?? '/', 'http://x');
        await endpointFor(request.method ?? 'GET', pathname.replace(/\/+$/, ''))(context, call);
      } catch (error) {
        if (!call.signal.aborted) sendOpenAiError(response, error);
        else response.destroy();
      }
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAiApi } from './openAiApi.ts';
import { sendOpenAiError, OpenAiError } from './openAiError.ts';

export interface RunningOpenAiServer {
  readonly host: string;
  readonly port: number;
  /** What OpenAI clients take as baseURL. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The API on a listener of its own (the Settings toggle); `workbench serve` mounts the same route instead. */
export async function startOpenAiServer(api: OpenAiApi, host: string, port: number): Promise<RunningOpenAiServer> {
  const server: Server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://x');
    if (!pathname.startsWith(api.prefix)) {
      sendOpenAiError(response, new OpenAiError(404, 'not_found_error', `Unknown endpoint ${pathname}; the API lives under /v1/`, null, 'unknown_url'));
      return;
    }
    void api.handle(request, response);
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port: bound,
    baseUrl: `http://${displayHost}:${bound}/v1`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        // Streams still open would keep close() waiting; their clients get a closed connection instead.
        server.closeAllConnections();
      }),
  };
}

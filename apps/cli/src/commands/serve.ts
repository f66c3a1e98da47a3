import type { Command } from 'commander';
import { assertBindAllowed } from '../../../../electron/engine/openai/apiAccess.ts';
import { assertListenAllowed } from '../../../../electron/server/accessKey.ts';
import { noteMountedApi } from '../../../../electron/engine/openai/mountedApi.ts';
import type { RegisteredAdapter } from '../../../../electron/engine/openai/adapterLookup.ts';
import { startWorkbenchServer } from '../../../../electron/server/workbenchServer.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { openEngine } from '../openEngine.ts';
import { builtRendererDir } from '../repoPaths.ts';
import { serverRoutes } from '../serverRoutes.ts';

interface ServeOptions {
  host: string;
  port: number;
  key?: string;
  json?: boolean;
  api?: boolean;
  apiKey?: string;
  adapter: RegisteredAdapter[];
}

/** `--adapter my-sft=/path/to/adapter.gguf` (repeatable): `model+my-sft` then applies that file. */
function collectAdapter(value: string, previous: RegisteredAdapter[]): RegisteredAdapter[] {
  const split = value.indexOf('=');
  if (split <= 0 || split === value.length - 1) throw new CliError(`--adapter wants name=path, got "${value}"`, 2);
  return [...previous, { name: value.slice(0, split).trim(), path: value.slice(split + 1).trim() }];
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the workbench UI and API to a browser (and the OpenAI-compatible API under /v1 with --api)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', parseIntegerOption('port'), 5317)
    .option('--key <key>', 'access key (16+ characters) every UI/API client must present (default: $WORKBENCH_ENGINE_KEY); required beyond loopback')
    .option('--api', 'also serve the OpenAI-compatible API (/v1/models, /v1/chat/completions, …)')
    .option('--api-key <key>', 'Bearer key OpenAI clients must send (default: $WORKBENCH_API_KEY); required beyond loopback')
    .option('--adapter <name=path>', 'an adapter file usable as model+name through the API (repeatable)', collectAdapter, [])
    .option('--json', 'print {"url"} as JSON once listening')
    .action(async (options: ServeOptions) => {
      const engineKey = options.key ?? process.env.WORKBENCH_ENGINE_KEY ?? null;
      try {
        assertListenAllowed(options.host, engineKey);
      } catch (error) {
        throw new CliError(`${(error as Error).message} (--key)`, 2);
      }
      const apiKey = options.apiKey ?? process.env.WORKBENCH_API_KEY ?? null;
      if (options.api) {
        try {
          assertBindAllowed(options.host, apiKey);
        } catch (error) {
          throw new CliError(`${(error as Error).message} (--api-key)`, 2);
        }
      }
      const engine = openEngine('server');
      const server = await startWorkbenchServer({
        engine,
        host: options.host,
        port: options.port,
        rendererDir: builtRendererDir,
        accessKey: engineKey,
        routes: serverRoutes(engine, options.api ? { apiKey, adapters: options.adapter } : null),
      });
      const apiBaseUrl = options.api ? `${server.url}/v1` : null;
      if (apiBaseUrl) noteMountedApi(engine.services, apiBaseUrl);
      if (options.json) printJson({ url: server.url, ...(apiBaseUrl ? { apiBaseUrl } : {}) });
      else process.stderr.write(`LLM Workbench is serving at ${server.url}${apiBaseUrl ? ` (OpenAI-compatible API: ${apiBaseUrl})` : ''}\n`);
      const shutdown = (): void => {
        void server.close().then(() => engine.dispose()).finally(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}

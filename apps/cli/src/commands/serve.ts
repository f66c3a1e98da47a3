import type { Command } from 'commander';
import { startWorkbenchServer } from '../../../../electron/engine/server/workbenchServer.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { openEngine } from '../openEngine.ts';
import { builtRendererDir } from '../repoPaths.ts';
import { serverRoutes } from '../serverRoutes.ts';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the workbench UI and API to a browser (and the OpenAI-compatible API where enabled)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', parseIntegerOption('port'), 5317)
    .option('--allow-remote', 'allow binding to a non-loopback address (trusted networks only)')
    .option('--json', 'print {"url"} as JSON once listening')
    .action(async (options: { host: string; port: number; allowRemote?: boolean; json?: boolean }) => {
      if (!LOOPBACK.has(options.host) && !options.allowRemote) {
        throw new CliError(`Refusing to bind ${options.host}: the workbench API has no login. Use --allow-remote on a trusted network.`, 2);
      }
      const engine = openEngine('server');
      const server = await startWorkbenchServer({
        engine,
        host: options.host,
        port: options.port,
        rendererDir: builtRendererDir,
        routes: serverRoutes(engine),
      });
      if (options.json) printJson({ url: server.url });
      else process.stderr.write(`LLM Workbench is serving at ${server.url}\n`);
      const shutdown = (): void => {
        void server.close().then(() => engine.dispose()).finally(() => process.exit(0));
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}

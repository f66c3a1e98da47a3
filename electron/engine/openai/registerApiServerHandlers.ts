import type { EngineServices } from '../engineServices.ts';
import type { HandlerRegistry } from '../handlerRegistry.ts';
import { libraryAdapterLookup } from './adapterLookup.ts';
import { ApiServerController } from './apiServerController.ts';

/**
 * Settings → Local API. The Electron app brings the listener back up at start when the user left it on; the CLI
 * and `serve` never start it on their own (serve mounts the API on its own port with --api).
 */
export function registerApiServerHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const adapters = libraryAdapterLookup((method, input) => registry.dispatch(method, input, { clientId: 'openai-api' }));
  const controller = new ApiServerController(services, adapters);
  registry.handle('apiServer.status', () => controller.status());
  registry.handle('apiServer.enable', () => controller.enable());
  registry.handle('apiServer.disable', () => controller.disable());
  registry.handle('apiServer.configure', (changes) => controller.configure(changes));
  services.onDispose(async () => void (await controller.stopNow()));
  if (services.shell === 'electron') void controller.resume();
}

import type { EngineServices } from '../engineServices.ts';

/**
 * Where the app's own server also answers /v1 (`workbench serve --api` mounts the API on the UI's port), so
 * Settings says what really serves instead of "Stopped" for the separate listener it does not run.
 */
const mounted = new WeakMap<EngineServices, string>();

export function noteMountedApi(services: EngineServices, baseUrl: string): void {
  mounted.set(services, baseUrl);
}

export function mountedApiUrl(services: EngineServices): string | null {
  return mounted.get(services) ?? null;
}

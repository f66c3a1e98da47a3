import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { HttpRoute } from '../../../electron/engine/server/workbenchServer.ts';

/** Extra HTTP surfaces mounted by `serve` (the OpenAI-compatible API adds itself here). */
export function serverRoutes(engine: Engine): HttpRoute[] {
  void engine;
  return [];
}

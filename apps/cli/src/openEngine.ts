import { createEngine, type Engine } from '../../../electron/engine/createEngine.ts';
import { createNodeHostSpawner } from '../../../electron/engine/hosts/nodeHostSpawner.ts';

/** The engine as CLI commands and `serve` use it: plain Node, hosts forked from the TypeScript sources. */
export function openEngine(shell: 'cli' | 'server' = 'cli'): Engine {
  return createEngine({ hostSpawner: createNodeHostSpawner(), shell });
}

/** Runs a command body with an engine and always disposes it, so host processes never outlive the CLI. */
export async function withEngine<T>(body: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = openEngine('cli');
  try {
    return await body(engine);
  } finally {
    await engine.dispose();
  }
}

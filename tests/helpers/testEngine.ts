import { createEngine, type Engine } from '../../electron/engine/createEngine.ts';
import { createNodeHostSpawner } from '../../electron/engine/hosts/nodeHostSpawner.ts';
import { createTempHome } from './tempHome.ts';

/**
 * A real engine (SQLite, job runner, forked hosts from the TypeScript sources) on a temp data home.
 * Always `await dispose()` in afterAll so host processes do not outlive the test file.
 */
export function createTestEngine(label = 'engine'): Engine & { homePath: string } {
  const home = createTempHome(label);
  const engine = createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
  return {
    ...engine,
    homePath: home.path,
    async dispose() {
      await engine.dispose();
      home.cleanup();
    },
  };
}

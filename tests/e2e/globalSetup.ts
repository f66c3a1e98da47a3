import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** e2e tests need the built renderer; `npm test` builds it first, this covers `vitest --project e2e` alone. */
export default function setup(): void {
  // A renderer built elsewhere is the caller's to keep current (see openE2eSession).
  if (process.env.WORKBENCH_E2E_RENDERER_DIR) return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (existsSync(`${root}out/renderer/index.html`) && process.env.WORKBENCH_E2E_REBUILD !== '1') return;
  const result = spawnSync(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the UI for e2e tests failed');
}

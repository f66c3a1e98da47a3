// `npm start`: the Electron app where Electron's binary is installed; otherwise the same UI served to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path, and throws if it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build']);

const electron = process.env.WORKBENCH_BROWSER === '1' ? null : electronBinary();
if (electron) {
  const { ensureElectronSqlite } = await import('./electronNativeDeps.mjs');
  const sqliteBinding = ensureElectronSqlite();
  const child = spawn(electron, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, WORKBENCH_SQLITE_BINDING: sqliteBinding } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron\'s binary is not installed here (its download is blocked or was skipped), so LLM Workbench runs as a local\n' +
      'server: open the URL below in a browser. Same UI, same engine. (WORKBENCH_BROWSER=1 forces this mode.)',
  );
  const port = process.env.PORT ?? '5317';
  const child = spawn(process.execPath, ['apps/cli/bin/workbench.mjs', 'serve', '--port', port], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

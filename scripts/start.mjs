// `npm start`: the Electron app where Electron's binary is installed; otherwise the same UI served to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron binary if it is really on disk. We read electron's own path.txt instead of require('electron'),
 * because requiring it tries to download the binary when it is missing.
 */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(overridden) ? overridden : null;
  }
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
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

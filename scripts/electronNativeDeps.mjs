// better-sqlite3 is a Node addon compiled for one ABI. Tests, the CLI and `serve` use the copy npm built for
// Node; the Electron app needs one built for Electron's ABI. Rebuilding in place would break the Node side, so we
// build a second copy under .electron-native/ (once per Electron version) and the main process loads that one
// through better-sqlite3's `nativeBinding` option (see electron/main/index.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronVersion = JSON.parse(readFileSync(`${root}node_modules/electron/package.json`, 'utf8')).version;
const target = `${root}.electron-native/better-sqlite3`;
const stamp = `${target}/.built-for-electron`;

export function ensureElectronSqlite() {
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) return `${target}/build/Release/better_sqlite3.node`;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(`${root}node_modules/better-sqlite3`, target, { recursive: true, filter: (src) => !src.includes('/build/') });
  const gyp = `${root}node_modules/node-gyp/bin/node-gyp.js`;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  const result = spawnSync(process.execPath, [gyp, 'rebuild', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], {
    cwd: target,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('Could not build better-sqlite3 for Electron (needs a C++ toolchain and Electron headers).');
  writeFileSync(stamp, electronVersion);
  return `${target}/build/Release/better_sqlite3.node`;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureElectronSqlite());

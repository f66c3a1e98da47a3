#!/usr/bin/env node
/**
 * The trainer addon (native/) at `npm install`, so training works after the README's two commands.
 *
 * native/scripts/build.mjs does the work and caches the finished addon by a hash of its sources, patches, llama.cpp
 * bundle and flags (~/.cache/llm-workbench/native), so a reinstall or `npm test`'s own build step finds it in a
 * second. Like scripts/buildLlama.mjs --install, this never fails the install: when the build cannot run (no CMake,
 * no compiler, a compile error) it prints why and records the reason in native/build/install-failure.json, which the
 * app quotes when training is asked for (electron/engine/training/native/nativeAddon.ts). `npm run build:native`
 * tries again. WORKBENCH_NATIVE_BUILD=skip npm install leaves it for later.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const failureFile = join(root, 'native/build/install-failure.json');
const log = (message) => console.log(`[trainer] ${message}`);

if (process.env.WORKBENCH_NATIVE_BUILD === 'skip') {
  log('WORKBENCH_NATIVE_BUILD=skip: not building the trainer addon; `npm run build:native` builds it.');
  process.exit(0);
}

log('Building the trainer addon (from the cache when it has this exact build; the first build takes ~6 min on 2 cores).');
const started = Date.now();
const child = spawn(process.execPath, [join(root, 'native/scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  stderr = (stderr + chunk.toString()).slice(-4000);
});
child.on('error', (error) => finish(null, error.message));
child.on('close', (code) => finish(code, null));

function finish(code, startError) {
  if (code === 0) {
    rmSync(failureFile, { force: true });
    log(`Trainer addon ready (${((Date.now() - started) / 1000).toFixed(0)} s).`);
    process.exit(0);
  }
  // build.mjs states the cause on its last [native] line ("cmake is not on PATH: …").
  const stated = stderr.split('\n').filter((line) => line.startsWith('[native] ')).at(-1)?.slice('[native] '.length);
  const reason = startError ?? stated ?? `native/scripts/build.mjs exited with ${code}`;
  mkdirSync(join(root, 'native/build'), { recursive: true });
  writeFileSync(failureFile, `${JSON.stringify({ reason, at: new Date().toISOString() }, null, 2)}\n`);
  log(`Could not build the trainer addon: ${reason}`);
  log('Everything but training works; fix the cause and run `npm run build:native`. npm install itself succeeded.');
  process.exit(0);
}

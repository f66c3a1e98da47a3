// The CPU build of node-llama-cpp's llama.cpp compiled for this machine, kept in a cache keyed by everything that
// decides what the compiler produces, so a fresh `npm install` (or CI) restores it in a second instead of
// compiling for five minutes.
//
//   cache root  $WORKBENCH_LLAMA_CACHE or ~/.cache/llm-workbench/llama
//     <key>/build/      what node-llama-cpp loads: Release/ (llama-addon.node + libraries) and buildDone.status
//     <key>/build.json  the facts the key was made from, and the build folder's name
//     logs/<key>.log    the compiler's output of the last build with that key
//
// Only the CPU build is handled here: GPU machines (Metal, CUDA, Vulkan) use node-llama-cpp's prebuilt GPU binaries.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { amxCompilerFlags } from './amx.mjs';

/** Written next to node-llama-cpp's own build files so a later install can tell which key is installed. */
const markerName = 'workbench-build.json';

export function cacheRoot() {
  return process.env.WORKBENCH_LLAMA_CACHE || join(homedir(), '.cache/llm-workbench/llama');
}

/** node-llama-cpp's package folder. */
export function nodeLlamaCppDir() {
  // The package exports only its API; dist/index.js sits one level below the package root.
  return join(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp'))), '..');
}

function firstLine(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error || result.status !== 0) return null;
  return `${result.stdout}${result.stderr}`.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
}

/** The version line of the CMake on PATH, or null: without one node-llama-cpp's CLI would download one. */
export function cmakeOnPath() {
  return firstLine('cmake', ['--version']);
}

/** The C++ compiler CMake will pick (CXX, then the usual names), or null when there is none. */
export function cxxCompiler() {
  const candidates = [process.env.CXX, 'c++', 'g++', 'clang++'].filter(Boolean);
  for (const candidate of candidates) {
    const version = firstLine(candidate, ['--version']);
    if (version) return { command: candidate, version };
  }
  return null;
}

/**
 * What the CPU's instruction set looks like to GGML_NATIVE (-march=native): on Linux the first processor's flags
 * line; elsewhere the model name, which pins the family closely enough.
 */
export function cpuSignature() {
  if (process.platform === 'linux' && existsSync('/proc/cpuinfo')) {
    const flags = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((line) => /^(flags|Features)\s*:/.test(line));
    if (flags) return flags.replace(/^[^:]*:\s*/, '').split(/\s+/).sort().join(' ');
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Extra C/C++ flags for a -march=native build on this machine (today: AMX off where it is advertised, see amx.mjs). */
export function cpuBuildFlags() {
  return amxCompilerFlags({ platform: process.platform, arch: process.arch, cpuFlags: cpuSignature(), env: process.env });
}

/** `flags` (default cpuBuildFlags()) as -D options for a plain CMake configure: the trainer addon's and llama-bench's. */
export function cmakeCompilerFlagOptions(flags = cpuBuildFlags()) {
  if (flags.length === 0) return [];
  return [`-DCMAKE_C_FLAGS=${flags.join(' ')}`, `-DCMAKE_CXX_FLAGS=${flags.join(' ')}`];
}

/**
 * The llama.cpp release node-llama-cpp's git bundle holds ('v0.5.0'). Read from the file the package ships, not
 * llama.cpp.info.json, which exists only while a source clone does (the install deletes it after compiling).
 */
export function bundledLlamaCppRelease(packageDir) {
  const releaseFile = join(packageDir, 'llama/binariesGithubRelease.json');
  return existsSync(releaseFile) ? JSON.parse(readFileSync(releaseFile, 'utf8')).release : 'unknown';
}

/** Everything that changes the compiled binary; the key is its hash. */
export function buildFacts(packageDir, compilerVersion, cmakeVersion, compilerFlags = cpuBuildFlags()) {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  return {
    nodeLlamaCpp: pkg.version,
    llamaCppRelease: bundledLlamaCppRelease(packageDir),
    platform: process.platform,
    arch: process.arch,
    napi: process.versions.napi,
    cpu: cpuSignature(),
    compiler: compilerVersion,
    cmake: cmakeVersion,
    compilerFlags: compilerFlags.join(' '),
  };
}

export function keyOf(facts) {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
}

/**
 * What `npm install` does about the llama.cpp binary, decided from facts gathered beforehand (pure, so every branch
 * is tested). 'skip' keeps node-llama-cpp's prebuilt binary; the reason is printed.
 */
export function chooseInstallAction({ optOut, platform, gpu, tools, key, installedKey, cached }) {
  if (optOut) return { action: 'skip', reason: 'WORKBENCH_LLAMA_BUILD=prebuilt is set' };
  if (platform === 'darwin') return { action: 'skip', reason: "macOS runs models on Metal with node-llama-cpp's prebuilt binary" };
  if (gpu) return { action: 'skip', reason: `this machine runs models on ${gpu} with node-llama-cpp's prebuilt binary` };
  if (key !== null && installedKey === key) return { action: 'up-to-date' };
  if (cached) return { action: 'restore' };
  if (tools.missing.length > 0) return { action: 'skip', reason: `${tools.missing.join(' and ')} not found` };
  return { action: 'compile' };
}

const localBuildsDir = (packageDir) => join(packageDir, 'llama/localBuilds');

/** The installed local build's folder name and key (null key: built without us, e.g. node-llama-cpp's own CLI). */
export function installedLocalBuild(packageDir) {
  const lastBuild = join(packageDir, 'llama/lastBuild.json');
  if (!existsSync(lastBuild)) return null;
  const { folderName } = JSON.parse(readFileSync(lastBuild, 'utf8'));
  const folder = join(localBuildsDir(packageDir), folderName);
  if (!existsSync(join(folder, 'Release/llama-addon.node')) || !existsSync(join(folder, 'buildDone.status'))) return null;
  const marker = join(folder, markerName);
  const key = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')).key : null;
  return { folderName, key };
}

export function cachedBuild(key) {
  const entry = join(cacheRoot(), key);
  if (!existsSync(join(entry, 'build.json')) || !existsSync(join(entry, 'build/Release/llama-addon.node'))) return null;
  return { entry, ...JSON.parse(readFileSync(join(entry, 'build.json'), 'utf8')) };
}

export function dropCachedBuild(key) {
  rmSync(join(cacheRoot(), key), { recursive: true, force: true });
}

/** Puts a cached build where node-llama-cpp looks for local builds; the same files it wrote when it compiled. */
export function restoreFromCache(packageDir, key) {
  const cached = cachedBuild(key);
  if (!cached) return false;
  const folder = join(localBuildsDir(packageDir), cached.folderName);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  cpSync(join(cached.entry, 'build'), folder, { recursive: true });
  writeFileSync(join(folder, markerName), JSON.stringify({ key, facts: cached.facts }, null, 2));
  writeFileSync(join(packageDir, 'llama/lastBuild.json'), JSON.stringify({ folderName: cached.folderName }, null, 4));
  return true;
}

/** Copies what node-llama-cpp needs to load the build (not the 40 MB of object files) into the cache. */
export function saveToCache(packageDir, key, facts) {
  const installed = installedLocalBuild(packageDir);
  if (!installed) throw new Error('no local build to cache');
  const folder = join(localBuildsDir(packageDir), installed.folderName);
  const staging = join(cacheRoot(), `${key}.partial-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'build'), { recursive: true });
  cpSync(join(folder, 'Release'), join(staging, 'build/Release'), { recursive: true });
  cpSync(join(folder, 'buildDone.status'), join(staging, 'build/buildDone.status'));
  writeFileSync(join(staging, 'build.json'), JSON.stringify({ folderName: installed.folderName, facts }, null, 2));
  // Renaming into place makes the entry appear whole or not at all, even if two installs race.
  const entry = join(cacheRoot(), key);
  rmSync(entry, { recursive: true, force: true });
  renameSync(staging, entry);
  writeFileSync(join(folder, markerName), JSON.stringify({ key, facts }, null, 2));
}

/**
 * After a compile: the 200 MB source clone and the object files are not needed to load the build, so the install
 * is made identical to one restored from the cache (node-llama-cpp then reads its bundled release info, the same tag).
 */
export function replaceWithCachedCopy(packageDir, key) {
  removeSourceClone(packageDir);
  removeLocalBuilds(packageDir);
  if (!restoreFromCache(packageDir, key)) throw new Error(`the cache entry ${key} vanished`);
}

/** The llama.cpp source node-llama-cpp's CLI cloned from its bundle to compile; nothing loads it afterwards. */
export function removeSourceClone(packageDir) {
  rmSync(join(packageDir, 'llama/llama.cpp'), { recursive: true, force: true });
  rmSync(join(packageDir, 'llama/llama.cpp.info.json'), { force: true });
}

/** Removes every local build, so node-llama-cpp goes back to its prebuilt binaries. */
export function removeLocalBuilds(packageDir) {
  rmSync(localBuildsDir(packageDir), { recursive: true, force: true });
  rmSync(join(packageDir, 'llama/lastBuild.json'), { force: true });
}

/**
 * Compiles the bundled llama.cpp for the CPU with node-llama-cpp's own CLI (its git bundle, nothing downloaded:
 * the caller has checked that CMake is on PATH, so the CLI has no reason to fetch one). The compiler's output goes
 * to `logFile`; `onProgress` gets the elapsed seconds every `everySeconds`, so a long install never looks stuck.
 * `compilerFlags` (cpuBuildFlags) reach the compiler through the Release flags: cmake-js sets CMAKE_CXX_FLAGS itself
 * and would override ours, so they go into CMAKE_<LANG>_FLAGS_RELEASE next to CMake's own defaults for Release.
 */
export function compileForCpu(packageDir, logFile, onProgress, { everySeconds = 30, compilerFlags = [] } = {}) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const cli = join(packageDir, 'dist/cli/cli.js');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'source', 'download', '--gpu', 'false', '--noUsageExample'], {
      cwd: packageDir,
      env: { ...process.env, NO_COLOR: '1', ...releaseFlagOptions(compilerFlags) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setInterval(() => onProgress(Math.round((Date.now() - started) / 1000)), everySeconds * 1000);
    const finish = (code, error) => {
      clearInterval(timer);
      log.end(() => resolve({ ok: code === 0, code, error, seconds: Math.round((Date.now() - started) / 1000) }));
    };
    child.on('error', (error) => finish(null, error.message));
    child.on('close', (code) => finish(code, null));
  });
}

/**
 * cmake-js (which node-llama-cpp compiles with) passes npm config `cmake_<NAME>` — here the env form npm_cmake_<NAME> —
 * to CMake as -D<NAME>. Not node-llama-cpp's own NODE_LLAMA_CPP_CMAKE_OPTION_*: those rename the build folder after the
 * options, and the app (which sets none) would then not find the build.
 */
function releaseFlagOptions(compilerFlags) {
  if (compilerFlags.length === 0) return {};
  const flags = ['-O3', '-DNDEBUG', ...compilerFlags].join(' ');
  return { npm_cmake_CMAKE_C_FLAGS_RELEASE: flags, npm_cmake_CMAKE_CXX_FLAGS_RELEASE: flags };
}

/** The last lines of a build log, for an error message that shows what the compiler said. */
export function logTail(logFile, lines = 15) {
  if (!existsSync(logFile)) return '';
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Loads node-llama-cpp the way the app does (never building) in a child process and reports which binary it took
 * and which GPU backend, if any: a build that compiled but cannot load must not replace a prebuilt binary that works.
 */
export function probeLlama(packageDir, gpu) {
  const script = `
    const { getLlama } = await import(${JSON.stringify(pathToFileURL(join(packageDir, 'dist/index.js')).href)});
    const llama = await getLlama({ gpu: ${JSON.stringify(gpu)}, build: 'never', skipDownload: true, progressLogs: false });
    const deviceNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
    console.log(JSON.stringify({ buildType: llama.buildType, gpu: llama.gpu, deviceNames }));
    await llama.dispose();`;
  // From a file, not `node -e`: node-llama-cpp tests each GPU binary in a child forked with this process's
  // execArgv, and a `-e` script there runs the probe again instead of the test, so every GPU binary "failed".
  const dir = mkdtempSync(join(tmpdir(), 'llama-probe-'));
  writeFileSync(join(dir, 'probe.mjs'), script);
  const result = spawnSync(process.execPath, [join(dir, 'probe.mjs')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const last = result.stdout?.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    return { buildType: null, gpu: false, error: `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join('\n') };
  }
  return JSON.parse(last);
}

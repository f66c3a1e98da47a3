#!/usr/bin/env node
/**
 * The llama.cpp binary the app runs models with.
 *
 * node-llama-cpp ships prebuilt binaries. Its generic CPU binary is compiled for a family of CPUs and without
 * OpenMP, and decodes at about 0.6 of llama.cpp's own speed (bench/results/2026-12-05-vm.md). Compiled for the
 * machine from the same bundled source it matches llama-bench. So on a CPU-only machine `npm install` compiles it
 * (about 5 minutes on 2 cores, once: the result is cached by a key of everything that changes the binary, see
 * scripts/llama/localLlamaBuild.mjs), and node-llama-cpp prefers the local build by itself. GPU machines keep the
 * prebuilt Metal/CUDA/Vulkan binaries. Nothing is downloaded: the source is node-llama-cpp's git bundle.
 *
 *   (npm install)                       node scripts/buildLlama.mjs --install: never fails the install; any reason
 *                                       not to build is printed and the prebuilt binary stays
 *   npm run build:llama                 the CPU build now (from the cache when it has one)
 *   npm run build:llama -- --gpu cuda   a GPU build through node-llama-cpp (cuda, vulkan or metal; not cached)
 *   npm run build:llama -- --remove     back to the prebuilt binaries
 *
 * WORKBENCH_LLAMA_BUILD=prebuilt npm install   skips the compile.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  buildFacts, cpuBuildFlags, cacheRoot, cachedBuild, dropCachedBuild, chooseInstallAction, cmakeOnPath, compileForCpu, cxxCompiler, installedLocalBuild, keyOf, logTail,
  nodeLlamaCppDir, probeLlama, removeLocalBuilds, removeSourceClone, replaceWithCachedCopy, restoreFromCache, saveToCache,
} from './llama/localLlamaBuild.mjs';
import { judgeGpuBackend } from './llama/gpuChoice.mjs';

const args = process.argv.slice(2);
const installMode = args.includes('--install');
const log = (message) => console.log(`[llama.cpp] ${message}`);

/** In install mode nothing here may fail `npm install`: the prebuilt binary still works. */
function giveUp(message) {
  if (installMode) {
    log(`${message}\n[llama.cpp] Keeping node-llama-cpp's prebuilt binary; \`npm run build:llama\` tries again.`);
    process.exit(0);
  }
  console.error(`[llama.cpp] ${message}`);
  process.exit(1);
}

let packageDir;
try {
  packageDir = nodeLlamaCppDir();
} catch {
  giveUp('node-llama-cpp is not installed.');
}

if (args.includes('--remove')) {
  removeLocalBuilds(packageDir);
  log('Local build removed: the app uses the prebuilt binaries again.');
  process.exit(0);
}

const gpuIndex = args.indexOf('--gpu');
const requestedGpu = gpuIndex >= 0 ? args[gpuIndex + 1] : 'false';
if (requestedGpu === undefined) giveUp('--gpu needs a value: cuda, vulkan, metal or false');
if (requestedGpu !== 'false') {
  // GPU builds need the vendor's toolkit and are rare enough that node-llama-cpp's own flow serves them as is.
  const cli = join(packageDir, 'dist/cli/cli.js');
  const result = spawnSync(process.execPath, [cli, 'source', 'download', '--gpu', requestedGpu, '--noUsageExample'], { stdio: 'inherit' });
  if (result.status !== 0) giveUp(`node-llama-cpp's ${requestedGpu} build failed (exit ${result.status}).`);
  log(`The app will use: ${describe(probeLlama(packageDir, 'auto'))}.`);
  process.exit(0);
}

const compiler = cxxCompiler();
const cmakeVersion = cmakeOnPath();
const tools = { missing: [...(cmakeVersion ? [] : ['CMake']), ...(compiler ? [] : ['a C++ compiler'])] };
const compilerFlags = cpuBuildFlags();
const facts = buildFacts(packageDir, compiler?.version ?? null, cmakeVersion, compilerFlags);
const key = tools.missing.length === 0 ? keyOf(facts) : null;
const optOut = process.env.WORKBENCH_LLAMA_BUILD === 'prebuilt';
const gpu = installMode && !optOut && process.platform !== 'darwin' ? usableGpu(probeLlama(packageDir, 'auto')) : false;
const decision = chooseInstallAction({
  optOut: installMode && optOut,
  platform: installMode ? process.platform : 'manual',
  gpu,
  tools,
  key,
  installedKey: installedLocalBuild(packageDir)?.key ?? null,
  cached: key !== null && cachedBuild(key) !== null,
});

if (decision.action === 'skip' && installMode && optOut) removeLocalBuilds(packageDir);
if (decision.action === 'skip') giveUp(`Not compiling llama.cpp for this CPU: ${decision.reason}.`);
if (decision.action === 'up-to-date') {
  log(`The local CPU build is up to date (${key}).`);
  process.exit(0);
}
if (decision.action === 'restore') {
  restoreFromCache(packageDir, key);
  // A cache entry that no longer loads (a system library changed under it) is dropped, so the next try compiles.
  verifyOrRollBack(`restored from ${join(cacheRoot(), key)}`, () => dropCachedBuild(key));
  process.exit(0);
}

const logFile = join(cacheRoot(), 'logs', `${key}.log`);
log(`Compiling llama.cpp for this CPU (${facts.llamaCppRelease}, once; about 5 minutes on 2 cores). Log: ${logFile}`);
if (compilerFlags.length > 0) log(`This CPU advertises AMX; compiling without it (${compilerFlags.join(' ')}): scripts/llama/amx.mjs says why, WORKBENCH_LLAMA_AMX=on keeps it.`);
const outcome = await compileForCpu(packageDir, logFile, (seconds) => log(`still compiling… ${Math.floor(seconds / 60)} min ${seconds % 60} s`), { compilerFlags });
if (!outcome.ok) {
  removeLocalBuilds(packageDir);
  removeSourceClone(packageDir);
  giveUp(`The compile failed (${outcome.error ?? `exit ${outcome.code}`}) after ${outcome.seconds} s. Last lines of ${logFile}:\n${logTail(logFile)}`);
}
saveToCache(packageDir, key, facts);
replaceWithCachedCopy(packageDir, key);
verifyOrRollBack(`compiled in ${outcome.seconds} s, cached as ${join(cacheRoot(), key)}`, () => dropCachedBuild(key));

function verifyOrRollBack(how, onFailure = () => {}) {
  const probe = probeLlama(packageDir, false);
  if (probe.buildType === 'localBuild') {
    log(`The app will use the local CPU build (${how}).`);
    return;
  }
  removeLocalBuilds(packageDir);
  onFailure();
  giveUp(`The local build (${how}) did not load${probe.error ? `: ${probe.error}` : ''}.`);
}

/** The GPU backend node-llama-cpp would pick, or false when it has no real GPU device (lavapipe: scripts/llama/gpuChoice.mjs). */
function usableGpu(probe) {
  if (probe.gpu === false) return false;
  const verdict = judgeGpuBackend({ gpu: probe.gpu, deviceNames: probe.deviceNames ?? [] });
  if (verdict.use) return probe.gpu;
  log(`Not using node-llama-cpp's ${probe.gpu} binary: ${verdict.reason}.`);
  return false;
}

function describe(probe) {
  if (!probe.buildType) return `nothing loads (${probe.error})`;
  return `the ${probe.buildType === 'localBuild' ? 'local build' : 'prebuilt binary'} (${probe.gpu === false ? 'CPU' : probe.gpu})`;
}

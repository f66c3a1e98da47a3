#!/usr/bin/env node
// Builds the trainer addon (native/build/workbench_trainer.node) from the llama.cpp source node-llama-cpp bundles,
// with our patches, cached by source hash outside the repo so fresh clones and `npm test` reuse it.
//
//   cache root  $WORKBENCH_NATIVE_CACHE or ~/.cache/llm-workbench/native
//     src-<bundle>/           git clone of gitRelease.bundle with native/patches/*.patch applied
//     build-<bundle>-<variant>/  incremental cmake build (ggml + llama static, our addon)
//     out/<key>/              finished addons, key = hash(bundle, native sources, patches, flags)
//
// Variants: dl (default on Linux: shared ggml + our CPU backend module; GPU backends are node-llama-cpp's prebuilt
// modules, loaded at run time, see native/README.md "GPU backends"); cpu (one static addon, the default elsewhere
// and WORKBENCH_NATIVE_VARIANT=cpu); cuda when WORKBENCH_CUDA=1 and nvcc is on PATH; metal on macOS.
// Environment: WORKBENCH_NATIVE_VARIANT=cpu|dl, WORKBENCH_CUDA=1, WORKBENCH_CUDA_ARCHITECTURES (default "native"), WORKBENCH_NATIVE_JOBS,
// WORKBENCH_NATIVE_FORCE=1 (skip the finished-addon cache), WORKBENCH_NATIVE_CACHE.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { cpus, homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmakeCompilerFlagOptions, cpuBuildFlags } from '../../scripts/llama/localLlamaBuild.mjs';

const nativeDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(nativeDir, '..');
const bundlePath = join(repoRoot, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
const addonName = 'workbench_trainer.node';
const outputDir = join(nativeDir, 'build');
const cacheRoot = process.env.WORKBENCH_NATIVE_CACHE || join(homedir(), '.cache/llm-workbench/native');
const started = Date.now();

function log(message) {
  console.log(`[native] ${message}`);
}

function fail(message) {
  console.error(`[native] ${message}`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function hasCommand(command) {
  const probe = spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { stdio: 'ignore' });
  return probe.status === 0;
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function hashFile(hash, path) {
  hash.update(relative(repoRoot, path));
  hash.update('\0');
  hash.update(readFileSync(path));
  hash.update('\0');
}

function packageVersion(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function chooseVariant() {
  if (process.platform === 'darwin') return 'metal';
  if (process.env.WORKBENCH_CUDA === '1') {
    if (!hasCommand('nvcc')) fail('WORKBENCH_CUDA=1 but nvcc is not on PATH: install the CUDA toolkit or unset it');
    return 'cuda';
  }
  const requested = process.env.WORKBENCH_NATIVE_VARIANT;
  if (requested && requested !== 'cpu' && requested !== 'dl') fail(`WORKBENCH_NATIVE_VARIANT must be cpu or dl, not ${requested}`);
  // -march=native below is a GCC/Clang flag; MSVC builds keep the static variant until verified
  return requested ?? (process.platform === 'linux' ? 'dl' : 'cpu');
}

/** Files the dl variant builds beside the addon; the addon loads the backend modules among them at start. */
const dlLibraries = ['libggml-base.so', 'libggml.so', 'libllama.so', 'libggml-cpu.so'];
const dlBackendModules = ['libggml-cpu.so'];

function cmakeFlags(variant) {
  const flags = [
    '-DCMAKE_BUILD_TYPE=Release',
    // The addon is built on the machine that runs it (cache is per machine), so tune for this CPU.
    '-DGGML_NATIVE=ON',
    '-DGGML_OPENMP=ON',
  ];
  if (variant === 'dl') {
    // ggml refuses GGML_NATIVE with GGML_BACKEND_DL (its module scoring reads the GGML_AVX* options); the same
    // -march=native through the compiler flags builds the same code, and our CPU module is the only one loaded.
    flags[1] = '-DGGML_NATIVE=OFF';
    flags.push('-DWORKBENCH_BACKEND_DL=ON', '-DGGML_CUDA=OFF', '-DGGML_METAL=OFF');
    flags.push(...cmakeCompilerFlagOptions(['-march=native', ...cpuBuildFlags()]));
    return flags;
  }
  if (variant === 'cuda') {
    flags.push('-DGGML_CUDA=ON', `-DCMAKE_CUDA_ARCHITECTURES=${process.env.WORKBENCH_CUDA_ARCHITECTURES || 'native'}`);
  } else if (variant === 'metal') {
    // Embed the shader library in the binary: the addon is a single file.
    flags.push('-DGGML_METAL=ON', '-DGGML_METAL_EMBED_LIBRARY=ON', '-DGGML_NATIVE=OFF');
  } else {
    flags.push('-DGGML_CUDA=OFF', '-DGGML_METAL=OFF');
  }
  // AMX off where the CPU advertises it (scripts/llama/amx.mjs); the flags are part of the cache key.
  flags.push(...cmakeCompilerFlagOptions());
  return flags;
}

function sourceKey(bundleHash, variant, flags, patches) {
  const hash = createHash('sha256');
  hash.update(`bundle ${bundleHash}\nvariant ${variant}\nflags ${flags.join(' ')}\n`);
  hash.update(`platform ${process.platform} ${process.arch}\ncpu ${cpus()[0]?.model ?? 'unknown'}\n`);
  hash.update(`node-addon-api ${packageVersion('node-addon-api')}\nnode-api-headers ${packageVersion('node-api-headers')}\n`);
  const sources = [
    join(nativeDir, 'CMakeLists.txt'),
    fileURLToPath(import.meta.url),
    ...listFiles(join(nativeDir, 'src')),
    ...patches,
  ].sort();
  for (const file of sources) hashFile(hash, file);
  return hash.digest('hex').slice(0, 24);
}

/** One build at a time per cache root: concurrent `npm test` runs wait instead of corrupting the tree. */
function acquireLock(lockDir) {
  const deadline = Date.now() + 60 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      let alive;
      try {
        if (holder) process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (!alive && Date.now() - statSync(lockDir).mtimeMs > 5000) {
        log(`removing stale lock left by pid ${holder || 'unknown'}`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`gave up waiting for ${lockDir}`);
      spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 2000)']);
    }
  }
}

function prepareSource(srcDir, patches, patchesHash) {
  if (!existsSync(join(srcDir, '.git'))) {
    log(`cloning ${relative(repoRoot, bundlePath)} into ${srcDir}`);
    const tmp = `${srcDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    run('git', ['clone', '--quiet', bundlePath, tmp]);
    renameSync(tmp, srcDir);
  }
  const marker = join(srcDir, '.workbench-patches');
  const applied = existsSync(marker) ? readFileSync(marker, 'utf8') : null;
  if (applied === patchesHash) return;
  // Only files the patches touch change mtime, so the incremental build recompiles just those.
  log(`applying ${patches.length} patch(es)`);
  run('git', ['-C', srcDir, 'checkout', '--quiet', '--', '.']);
  run('git', ['-C', srcDir, 'clean', '--quiet', '-fd', '-e', '.workbench-patches']);
  for (const patch of patches) {
    run('git', ['-C', srcDir, 'apply', '--whitespace=nowarn', patch]);
  }
  writeFileSync(marker, patchesHash);
}

/**
 * The incremental build folder is shared by every checkout on the machine (it is keyed by the llama.cpp bundle and
 * variant), but CMake refuses a build folder configured from another source folder ("does not match the source used
 * to generate cache") — a second clone, or CI's fresh clone in a new folder, then could not build at all. Forget
 * only CMake's record of the old source folder: the compiled llama.cpp objects stay, and Ninja reuses each one
 * whose command did not change.
 */
function forgetOtherCheckout(buildDir) {
  const cacheFile = join(buildDir, 'CMakeCache.txt');
  if (!existsSync(cacheFile)) return;
  const home = /^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$/m.exec(readFileSync(cacheFile, 'utf8'))?.[1];
  if (home === undefined || resolve(home) === resolve(nativeDir)) return;
  log(`the build folder was configured from ${home}; reconfiguring it for ${nativeDir}`);
  rmSync(cacheFile);
  rmSync(join(buildDir, 'CMakeFiles'), { recursive: true, force: true });
}

/**
 * CMake's own "No CMAKE_CXX_COMPILER could be found" ends in its log, and the install records only our last line:
 * say it here, in the words nativeAddon.ts's buildFailureReason reads ("no C++ compiler …"). Windows' MSVC is found
 * by CMake without being on PATH, so it is not checked there; $CXX names a compiler CMake uses instead.
 */
function requireCompiler() {
  if (process.platform === 'win32' || process.env.CXX) return;
  if (!['c++', 'g++', 'clang++'].some(hasCommand)) fail('no C++ compiler on PATH: install g++ or clang++ (C++17), or name one in $CXX');
}

function buildAddon(srcDir, buildDir, flags) {
  requireCompiler();
  const generator = hasCommand('ninja') ? ['-G', 'Ninja'] : [];
  const configureArgs = [
    '-S', nativeDir, '-B', buildDir, ...generator, ...flags,
    `-DLLAMA_CPP_DIR=${srcDir}`,
    `-DNODE_ADDON_API_DIR=${join(repoRoot, 'node_modules/node-addon-api')}`,
    `-DNODE_API_HEADERS_DIR=${join(repoRoot, 'node_modules/node-api-headers/include')}`,
  ];
  const configMarker = join(buildDir, '.workbench-configure');
  const configureLine = configureArgs.join('\n');
  if (!existsSync(configMarker) || readFileSync(configMarker, 'utf8') !== configureLine) {
    log(`configuring ${buildDir}`);
    forgetOtherCheckout(buildDir);
    run('cmake', configureArgs);
    writeFileSync(configMarker, configureLine);
  }
  const jobs = process.env.WORKBENCH_NATIVE_JOBS || String(Math.max(1, cpus().length));
  log(`building with ${jobs} job(s) (first build of ggml + llama takes minutes)`);
  run('cmake', ['--build', buildDir, '--target', 'workbench_trainer', '--config', 'Release', '-j', jobs]);
  const candidates = [join(buildDir, addonName), join(buildDir, 'bin', addonName), join(buildDir, 'Release', addonName)];
  const built = candidates.find((path) => existsSync(path));
  if (!built) fail(`the build finished but ${addonName} is not in ${buildDir}`);
  return built;
}

/** Copies the addon and the libraries beside it (dl variant); each file replaced by rename, never half-written. */
function copyBuild(fromDir, toDir, files) {
  mkdirSync(toDir, { recursive: true });
  for (const file of files) {
    const tmp = join(toDir, `${file}.tmp-${process.pid}`);
    copyFileSync(join(fromDir, file), tmp);
    renameSync(tmp, join(toDir, file));
  }
}

function publish(cachedAddon, info) {
  copyBuild(dirname(cachedAddon), outputDir, [addonName, ...(info.libraries ?? [])]);
  // a static build must not leave a dl build's libraries behind (the addon would not use them, but they mislead)
  for (const stale of dlLibraries) {
    if (!(info.libraries ?? []).includes(stale)) rmSync(join(outputDir, stale), { force: true });
  }
  writeFileSync(join(outputDir, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
}

/** Keep the newest finished addons only; each is a few MB. */
function pruneOutputs(outRoot, keep) {
  if (!existsSync(outRoot)) return;
  const entries = readdirSync(outRoot)
    .map((name) => ({ name, mtime: statSync(join(outRoot, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const entry of entries.slice(keep)) rmSync(join(outRoot, entry.name), { recursive: true, force: true });
}

function main() {
  if (!existsSync(bundlePath)) fail(`${bundlePath} is missing: run npm install (node-llama-cpp ships it)`);
  if (!hasCommand('cmake')) fail('cmake is not on PATH: install cmake >= 3.19 and a C++17 compiler');
  if (!hasCommand('git')) fail('git is not on PATH: it is needed to unpack the llama.cpp bundle');

  const bundleHash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex');
  const bundleShort = bundleHash.slice(0, 12);
  const variant = chooseVariant();
  const flags = cmakeFlags(variant);
  const patches = listFiles(join(nativeDir, 'patches')).filter((p) => p.endsWith('.patch')).sort();
  const patchesHash = createHash('sha256');
  for (const patch of patches) hashFile(patchesHash, patch);
  const patchesDigest = patchesHash.digest('hex');
  const key = sourceKey(bundleHash, variant, flags, patches);
  const info = {
    key,
    variant,
    backends: variant === 'cpu' || variant === 'dl' ? ['CPU'] : ['CPU', variant === 'cuda' ? 'CUDA' : 'Metal'],
    ...(variant === 'dl' ? { libraries: dlLibraries, backendModules: dlBackendModules } : {}),
    llamaCppBundle: bundleShort,
    patches: patches.map((p) => relative(nativeDir, p)),
  };

  const outRoot = join(cacheRoot, 'out');
  const cachedAddon = join(outRoot, key, addonName);
  const cachedComplete = existsSync(cachedAddon) && (info.libraries ?? []).every((file) => existsSync(join(outRoot, key, file)));
  if (cachedComplete && process.env.WORKBENCH_NATIVE_FORCE !== '1') {
    publish(cachedAddon, info);
    log(`up to date (${variant}, key ${key}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return;
  }

  mkdirSync(cacheRoot, { recursive: true });
  const release = acquireLock(join(cacheRoot, `.lock-${bundleShort}`));
  try {
    const srcDir = join(cacheRoot, `src-${bundleShort}`);
    prepareSource(srcDir, patches, patchesDigest);
    const built = buildAddon(srcDir, join(cacheRoot, `build-${bundleShort}-${variant}`), flags);
    // libraries first, the addon last: its presence marks the cache entry complete
    copyBuild(dirname(built), dirname(cachedAddon), [...(info.libraries ?? []), addonName]);
    writeFileSync(join(dirname(cachedAddon), 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
    pruneOutputs(outRoot, 8);
  } finally {
    release();
  }
  publish(cachedAddon, info);
  log(`built ${variant} addon (key ${key}) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

main();

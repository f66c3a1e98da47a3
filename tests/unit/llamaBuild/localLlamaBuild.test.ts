import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildFacts, cachedBuild, chooseInstallAction, compileForCpu, installedLocalBuild, keyOf, logTail, removeLocalBuilds, restoreFromCache,
  saveToCache, type BuildFacts,
} from '../../../scripts/llama/localLlamaBuild.mjs';

/**
 * The install-time llama.cpp build (scripts/buildLlama.mjs): when it compiles, when it keeps the prebuilt binary,
 * and that the cache round trip puts back exactly what node-llama-cpp loads. Works on a fake node-llama-cpp folder
 * laid out as node-llama-cpp lays out its local builds; tests/integration/llamaBuild checks the real one loads.
 */
let scratch: string;
let packageDir: string;
const savedCache = process.env.WORKBENCH_LLAMA_CACHE;

function fakePackage(): string {
  const dir = join(scratch, 'node-llama-cpp');
  mkdirSync(join(dir, 'llama'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'node-llama-cpp', version: '9.9.9' }));
  writeFileSync(join(dir, 'llama/binariesGithubRelease.json'), JSON.stringify({ release: 'v1.2.3' }));
  return dir;
}

function fakeLocalBuild(dir: string, folderName = 'linux-x64'): string {
  const folder = join(dir, 'llama/localBuilds', folderName);
  mkdirSync(join(folder, 'Release'), { recursive: true });
  mkdirSync(join(folder, 'CMakeFiles'), { recursive: true });
  writeFileSync(join(folder, 'Release/llama-addon.node'), 'addon bytes');
  writeFileSync(join(folder, 'Release/libggml-cpu.so'), 'cpu backend bytes');
  writeFileSync(join(folder, 'CMakeFiles/ggml.o'), 'object file');
  writeFileSync(join(folder, 'buildDone.status'), '');
  writeFileSync(join(dir, 'llama/lastBuild.json'), JSON.stringify({ folderName }));
  return folder;
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'wb-llama-build-'));
  process.env.WORKBENCH_LLAMA_CACHE = join(scratch, 'cache');
  packageDir = fakePackage();
});

afterEach(() => {
  if (savedCache === undefined) delete process.env.WORKBENCH_LLAMA_CACHE;
  else process.env.WORKBENCH_LLAMA_CACHE = savedCache;
  rmSync(scratch, { recursive: true, force: true });
});

describe('the build key', () => {
  it('reads the package version and llama.cpp release, and changes with anything that changes the binary', () => {
    const facts = buildFacts(packageDir, 'g++ 12.2.0', 'cmake version 3.25.1');
    expect(facts).toMatchObject({ nodeLlamaCpp: '9.9.9', llamaCppRelease: 'v1.2.3', platform: process.platform, arch: process.arch });
    expect(facts.cpu.length).toBeGreaterThan(0);
    expect(buildFacts(packageDir, 'g++ 12.2.0', 'cmake version 3.25.1', ['-mno-amx-tile', '-mno-amx-int8']).compilerFlags).toBe('-mno-amx-tile -mno-amx-int8');
    const key = keyOf(facts);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(keyOf({ ...facts })).toBe(key);
    const variations: Partial<BuildFacts>[] = [
      { compiler: 'g++ 13.1.0' }, { cpu: `${facts.cpu} avx512f` }, { llamaCppRelease: 'v1.2.4' }, { cmake: null }, { compilerFlags: `${facts.compilerFlags} -mno-amx-tile` },
    ];
    for (const change of variations) expect(keyOf({ ...facts, ...change }), JSON.stringify(change)).not.toBe(key);
  });
});

describe('what npm install does', () => {
  const base: Parameters<typeof chooseInstallAction>[0] = { optOut: false, platform: 'linux', gpu: false, tools: { missing: [] }, key: 'k1', installedKey: null, cached: false };

  it('compiles on a CPU-only machine with the tools and nothing built yet', () => {
    expect(chooseInstallAction(base)).toEqual({ action: 'compile' });
  });

  it('does nothing when the installed build has the same key, restores when the cache has it', () => {
    expect(chooseInstallAction({ ...base, installedKey: 'k1' })).toEqual({ action: 'up-to-date' });
    expect(chooseInstallAction({ ...base, installedKey: 'old', cached: true })).toEqual({ action: 'restore' });
  });

  it('keeps the prebuilt binary, saying why, on GPUs, macOS, opt-out or missing tools', () => {
    const reasons = [
      chooseInstallAction({ ...base, gpu: 'cuda' }),
      chooseInstallAction({ ...base, platform: 'darwin' }),
      chooseInstallAction({ ...base, optOut: true }),
      chooseInstallAction({ ...base, key: null, tools: { missing: ['CMake'] } }),
    ];
    expect(reasons.map((decision) => decision.action)).toEqual(['skip', 'skip', 'skip', 'skip']);
    expect(reasons.map((decision) => (decision.action === 'skip' ? decision.reason : ''))).toEqual([
      expect.stringContaining('cuda'),
      expect.stringContaining('Metal'),
      expect.stringContaining('WORKBENCH_LLAMA_BUILD=prebuilt'),
      'CMake not found',
    ]);
  });

  it('a cached build still restores without the tools (the compile is the only step that needs them)', () => {
    expect(chooseInstallAction({ ...base, cached: true, tools: { missing: ['a C++ compiler'] } })).toEqual({ action: 'restore' });
  });
});

describe('the local build and its cache', () => {
  it('an unfinished build (no buildDone.status) does not count as installed', () => {
    const folder = fakeLocalBuild(packageDir);
    expect(installedLocalBuild(packageDir)).toEqual({ folderName: 'linux-x64', key: null });
    rmSync(join(folder, 'buildDone.status'));
    expect(installedLocalBuild(packageDir)).toBeNull();
  });

  it('caches only what node-llama-cpp loads, and restores it into a clean install with its key', () => {
    fakeLocalBuild(packageDir, 'linux-x64-custom');
    const facts = buildFacts(packageDir, 'g++ 12', 'cmake 3');
    const key = keyOf(facts);
    saveToCache(packageDir, key, facts);
    expect(installedLocalBuild(packageDir)?.key).toBe(key);
    const cached = cachedBuild(key);
    expect(cached?.folderName).toBe('linux-x64-custom');
    expect(existsSync(join(cached!.entry, 'build/CMakeFiles'))).toBe(false);

    removeLocalBuilds(packageDir);
    expect(installedLocalBuild(packageDir)).toBeNull();
    expect(restoreFromCache(packageDir, key)).toBe(true);
    const folder = join(packageDir, 'llama/localBuilds/linux-x64-custom');
    expect(readFileSync(join(folder, 'Release/llama-addon.node'), 'utf8')).toBe('addon bytes');
    expect(readFileSync(join(folder, 'Release/libggml-cpu.so'), 'utf8')).toBe('cpu backend bytes');
    expect(JSON.parse(readFileSync(join(packageDir, 'llama/lastBuild.json'), 'utf8'))).toEqual({ folderName: 'linux-x64-custom' });
    expect(installedLocalBuild(packageDir)).toEqual({ folderName: 'linux-x64-custom', key });
  });

  it('restoring a key the cache does not have changes nothing', () => {
    fakeLocalBuild(packageDir);
    expect(restoreFromCache(packageDir, 'feedfacefeedface')).toBe(false);
    expect(installedLocalBuild(packageDir)).toEqual({ folderName: 'linux-x64', key: null });
  });
});

describe('the compile step', () => {
  it("writes the CLI's output to the log, reports progress while it runs and returns the exit code", async () => {
    // A stand-in for node-llama-cpp's CLI that prints like a compiler, takes a moment and fails.
    mkdirSync(join(packageDir, 'dist/cli'), { recursive: true });
    writeFileSync(
      join(packageDir, 'dist/cli/cli.js'),
      `console.log('args:', process.argv.slice(2).join(' '));
       console.log('c++ release flags:', process.env.npm_cmake_CMAKE_CXX_FLAGS_RELEASE);
       console.log('c release flags:', process.env.npm_cmake_CMAKE_C_FLAGS_RELEASE);
       console.error('[12/153] Building CXX object ggml.o');
       setTimeout(() => { console.error('error: out of disk'); process.exit(3); }, 1500);`,
    );
    const progress: number[] = [];
    const logFile = join(scratch, 'logs/build.log');
    const outcome = await compileForCpu(packageDir, logFile, (seconds) => progress.push(seconds), { everySeconds: 0.4, compilerFlags: ['-mno-amx-tile'] });
    expect(outcome).toMatchObject({ ok: false, code: 3, error: null });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(logTail(logFile)).toContain('args: source download --gpu false --noUsageExample');
    // Extra flags reach CMake as Release flags (cmake-js owns CMAKE_CXX_FLAGS), after CMake's own Release defaults.
    expect(logTail(logFile)).toContain('c++ release flags: -O3 -DNDEBUG -mno-amx-tile');
    expect(logTail(logFile)).toContain('c release flags: -O3 -DNDEBUG -mno-amx-tile');
    expect(logTail(logFile, 1)).toBe('error: out of disk');
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findGpuBackendModules } from '../../../electron/engine/training/native/gpuBackendModules.ts';

/**
 * The prebuilt GPU modules bind to the trainer's own patched ggml-base (native/README.md "GPU backends"). Vulkan is
 * loaded and trained on in the Vulkan tests; CUDA cannot load here (no libcuda), so this checks what can be checked
 * without a GPU: each module's only ggml dependency is `libggml-base.so` — the SONAME our build gives its ggml-base —
 * and every ggml/gguf symbol it imports is one our libggml-base.so exports, so `ggml_backend_load()` would bind it to
 * ours and not fail on a missing symbol. A node-llama-cpp update whose modules need a newer ggml fails here.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const ourBase = join(root, 'native/build/libggml-base.so');
const linux = process.platform === 'linux' && process.arch === 'x64';

const dynamicSymbols = (file: string, which: '--undefined-only' | '--defined-only'): Set<string> =>
  new Set(
    execFileSync('nm', ['-D', which, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
      .filter((name) => /^(ggml|gguf)_/.test(name)),
  );
const neededLibraries = (file: string): string[] =>
  [...execFileSync('readelf', ['-d', file], { encoding: 'utf8' }).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1] as string);

describe.runIf(linux)('prebuilt GPU modules against the trainer core', () => {
  const { modules } = findGpuBackendModules();

  it('finds the CUDA 13, CUDA 12 and Vulkan modules node-llama-cpp ships for this platform', () => {
    expect(modules.map((module) => module.packageName)).toEqual(['@node-llama-cpp/linux-x64-cuda', '@node-llama-cpp/linux-x64-cuda-ext', '@node-llama-cpp/linux-x64-vulkan']);
    expect(existsSync(ourBase)).toBe(true);
    expect(neededLibraries(join(root, 'native/build/libggml.so'))).toContain('libggml-base.so');
  });

  it('each module needs only libggml-base.so of ggml, and every ggml symbol it imports is exported by ours', () => {
    const exported = dynamicSymbols(ourBase, '--defined-only');
    for (const module of modules) {
      const ggmlNeeded = neededLibraries(module.path).filter((library) => library.startsWith('libggml') || library.startsWith('libllama'));
      expect({ module: module.packageName, ggmlNeeded }).toEqual({ module: module.packageName, ggmlNeeded: ['libggml-base.so'] });
      const imported = [...dynamicSymbols(module.path, '--undefined-only')];
      expect(imported.length, module.packageName).toBeGreaterThan(20);
      expect({ module: module.packageName, missing: imported.filter((name) => !exported.has(name)) }).toEqual({ module: module.packageName, missing: [] });
      // The entry point ggml_backend_load() calls in a dynamically loaded backend.
      expect(dynamicSymbols(module.path, '--defined-only').has('ggml_backend_init'), module.packageName).toBe(true);
    }
  });
});

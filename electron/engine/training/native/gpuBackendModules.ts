import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The GPU backends the trainer can load without a toolkit: ggml modules that node-llama-cpp's platform packages
 * ship prebuilt (same llama.cpp commit as the trainer's own source, see native/README.md "GPU backends").
 * Each binds to the trainer's patched libggml-base when loaded into the trainer host.
 */
export interface GpuBackendModule {
  /** e.g. '@node-llama-cpp/linux-x64-vulkan' */
  packageName: string;
  /** Absolute path of the module file (libggml-vulkan.so, ggml-cuda.dll …). */
  path: string;
}

/**
 * Package suffix → module file under bins/, per platform, in the order they are tried; the loader keeps the first
 * module of each backend that loads (CUDA 13 runtime, else the CUDA 12 fallback of the -ext package). GPU devices
 * are numbered (gpu:N) in load order.
 */
const modulesByPlatform: Record<string, { suffix: string; file: string }[]> = {
  'linux-x64': [
    { suffix: 'cuda', file: 'linux-x64-cuda/libggml-cuda.so' },
    { suffix: 'cuda-ext', file: 'linux-x64-cuda/fallback/libggml-cuda.so' },
    { suffix: 'vulkan', file: 'linux-x64-vulkan/libggml-vulkan.so' },
  ],
  'win32-x64': [
    { suffix: 'cuda', file: 'win-x64-cuda/ggml-cuda.dll' },
    { suffix: 'cuda-ext', file: 'win-x64-cuda/fallback/ggml-cuda.dll' },
    { suffix: 'vulkan', file: 'win-x64-vulkan/ggml-vulkan.dll' },
  ],
};

const packagePlatform: Record<string, string> = { linux: 'linux', win32: 'win', darwin: 'mac' };

/**
 * Finds the installed prebuilt GPU modules. A package whose version differs from the installed node-llama-cpp's
 * is skipped (its ggml could be another commit); `skipped` says why, for the session log.
 */
export function findGpuBackendModules(
  platform: string = process.platform,
  arch: string = process.arch,
): { modules: GpuBackendModule[]; skipped: string[] } {
  const require = createRequire(import.meta.url);
  const modules: GpuBackendModule[] = [];
  const skipped: string[] = [];
  const llamaDir = packageDirOf(require, 'node-llama-cpp');
  if (!llamaDir) {
    skipped.push('node-llama-cpp is not installed: no prebuilt GPU backends');
    return { modules, skipped };
  }
  const llamaVersion = versionOf(llamaDir);
  for (const { suffix, file } of modulesByPlatform[`${platform}-${arch}`] ?? []) {
    const packageName = `@node-llama-cpp/${packagePlatform[platform] ?? platform}-${arch}-${suffix}`;
    const packageDir = packageDirOf(require, packageName);
    if (!packageDir) continue; // not installed on this platform
    const version = versionOf(packageDir);
    if (version !== llamaVersion) {
      skipped.push(`${packageName} ${version} does not match node-llama-cpp ${llamaVersion}`);
      continue;
    }
    const path = join(packageDir, 'bins', file);
    if (existsSync(path)) modules.push({ packageName, path });
    else skipped.push(`${packageName} has no ${file}`);
  }
  return { modules, skipped };
}

function versionOf(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The folder of an installed package (its exports hide package.json, so walk up from its main file). */
function packageDirOf(require: NodeJS.Require, name: string): string | null {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch {
    return null;
  }
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

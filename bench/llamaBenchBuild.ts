import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledLlamaCppRelease, cmakeCompilerFlagOptions } from '../scripts/llama/localLlamaBuild.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeLlamaCppPackage = join(repoRoot, 'node_modules/node-llama-cpp');
const bundlePath = join(nodeLlamaCppPackage, 'llama/gitRelease.bundle');

export interface LlamaTools {
  readonly llamaBench: string;
  readonly llamaQuantize: string;
  /** The llama.cpp release node-llama-cpp bundles, which these tools were built from. */
  readonly release: string;
  /** How they were built, for the bench table. */
  readonly build: string;
}

function run(command: string, args: string[], cwd?: string): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...(cwd ? { cwd } : {}) });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message})`);
}

/**
 * llama.cpp's own llama-bench and llama-quantize, built from the very source node-llama-cpp bundles (its git
 * bundle, unpatched: the trainer's patched clone is left alone) with the flags the trainer addon uses. Cached by
 * bundle hash under $WORKBENCH_NATIVE_CACHE (default ~/.cache/llm-workbench); the first build takes minutes.
 */
export function ensureLlamaTools(): LlamaTools {
  const bundleHash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 12);
  const cacheRoot = join(process.env.WORKBENCH_NATIVE_CACHE || join(homedir(), '.cache/llm-workbench'), 'llama-bench');
  const srcDir = join(cacheRoot, `src-${bundleHash}`);
  // The trainer's and the app's CPU flags (AMX off where advertised, scripts/llama/amx.mjs), so all three builds match.
  const flagOptions = cmakeCompilerFlagOptions();
  const buildDir = join(cacheRoot, `build-${bundleHash}-cpu${flagOptions.length > 0 ? '-noamx' : ''}`);
  const binary = (name: string): string => join(buildDir, 'bin', name);
  const build = flagOptions.length > 0 ? '-march=native without AMX' : '-march=native';
  const release = bundledLlamaCppRelease(nodeLlamaCppPackage);
  if (existsSync(binary('llama-bench')) && existsSync(binary('llama-quantize'))) {
    return { llamaBench: binary('llama-bench'), llamaQuantize: binary('llama-quantize'), release, build };
  }
  mkdirSync(cacheRoot, { recursive: true });
  if (!existsSync(join(srcDir, '.git'))) {
    const tmp = `${srcDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    run('git', ['clone', '--quiet', bundlePath, tmp]);
    renameSync(tmp, srcDir);
  }
  run('cmake', [
    '-S', srcDir, '-B', buildDir,
    '-DCMAKE_BUILD_TYPE=Release', '-DGGML_NATIVE=ON', '-DGGML_OPENMP=ON', '-DGGML_CUDA=OFF', '-DGGML_METAL=OFF',
    '-DLLAMA_CURL=OFF', '-DLLAMA_BUILD_TESTS=OFF', '-DLLAMA_BUILD_SERVER=OFF', '-DBUILD_SHARED_LIBS=OFF',
    ...flagOptions,
  ]);
  const jobs = process.env.WORKBENCH_NATIVE_JOBS || String(Math.max(1, cpus().length));
  run('cmake', ['--build', buildDir, '--config', 'Release', '-j', jobs, '--target', 'llama-bench', 'llama-quantize']);
  return { llamaBench: binary('llama-bench'), llamaQuantize: binary('llama-quantize'), release, build };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(ensureLlamaTools());
}

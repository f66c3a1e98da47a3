#!/usr/bin/env node
/**
 * `npm run build:llama`: compiles node-llama-cpp's llama.cpp for this machine from the source npm already installed
 * (node_modules/node-llama-cpp/llama/gitRelease.bundle; nothing is downloaded), so the app stops using the generic
 * prebuilt binary. node-llama-cpp prefers a local build whenever one exists, so nothing else needs changing.
 *
 * Why it is worth a few minutes: the prebuilt CPU binary is compiled for a family of CPUs and without OpenMP; the
 * local one uses every instruction this CPU has. On the 2-core AMD EPYC VM of bench/results/2026-12-05-*.md the
 * 0.5B Q8_0 model decoded at about 0.6 of llama-bench's speed with the prebuilt binary and at llama-bench's speed
 * with a local build (the inference host also sets OpenMP's wait policy, see electron/engine/hosts/hostEnvironment.ts).
 *
 *   npm run build:llama                 build (GPU backend chosen the way node-llama-cpp does: CUDA/Metal/Vulkan if present)
 *   npm run build:llama -- --gpu false  CPU only
 *   npm run build:llama -- --remove     delete the local build and go back to the prebuilt binaries
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package exports only its API; its CLI sits next to the entry point (dist/index.js → dist/cli/cli.js).
const cli = join(dirname(fileURLToPath(import.meta.resolve('node-llama-cpp'))), 'cli/cli.js');
const args = process.argv.slice(2);

function nodeLlamaCpp(...cliArgs) {
  const result = spawnSync(process.execPath, [cli, ...cliArgs], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`node-llama-cpp ${cliArgs.join(' ')} failed (exit ${result.status ?? result.error?.message}).`);
    process.exit(result.status ?? 1);
  }
}

if (args.includes('--remove')) {
  nodeLlamaCpp('source', 'clear', '--type', 'all');
  console.log('Local llama.cpp build removed: the app uses the prebuilt binaries again.');
} else {
  const gpuIndex = args.indexOf('--gpu');
  const gpu = gpuIndex >= 0 ? args[gpuIndex + 1] : 'auto';
  if (gpu === undefined) {
    console.error('--gpu needs a value: auto, cuda, metal, vulkan or false');
    process.exit(2);
  }
  // The bundled git release is used when its tag matches node-llama-cpp's pinned release, which it always does for
  // the installed version; --noUsageExample keeps the output to the build itself.
  nodeLlamaCpp('source', 'download', '--gpu', gpu, '--noUsageExample');
  const { getLlama } = await import('node-llama-cpp');
  const llama = await getLlama({ build: 'never', skipDownload: true, gpu: gpu === 'false' ? false : 'auto', progressLogs: false });
  console.log(`The app will use: ${llama.buildType === 'localBuild' ? 'the local build' : 'the prebuilt binary'} (${llama.gpu === false ? 'CPU' : llama.gpu}).`);
  await llama.dispose();
}

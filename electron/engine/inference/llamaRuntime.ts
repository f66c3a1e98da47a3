import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

let llamaPromise: Promise<Llama> | null = null;

/**
 * One node-llama-cpp instance per host process. Never builds or downloads at run time: the prebuilt binaries
 * that npm installed are all we use (CPU everywhere, CUDA/Vulkan/Metal where the machine has them).
 * WORKBENCH_GPU=off forces the CPU (tests, reproducibility).
 */
export function getLlamaRuntime(): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: process.env.WORKBENCH_GPU === 'off' ? false : 'auto',
    build: 'never',
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  });
  return llamaPromise;
}

import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';

let llamaPromise: Promise<Llama> | null = null;

/**
 * One node-llama-cpp instance per host process. Never builds or downloads at run time: it loads what install left —
 * the CPU build `npm install` compiled for this machine (scripts/buildLlama.mjs) when there is one, otherwise
 * node-llama-cpp's prebuilt binaries (CPU everywhere, CUDA/Vulkan/Metal where the machine has them).
 * WORKBENCH_GPU=off forces the CPU (tests, reproducibility).
 */
export function getLlamaRuntime(): Promise<Llama> {
  llamaPromise ??= getLlama({
    gpu: process.env.WORKBENCH_GPU === 'off' ? false : 'auto',
    build: 'never',
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  }).then((llama) => {
    llama.maxThreads = cpuThreads(llama);
    return llama;
  });
  return llamaPromise;
}

/**
 * node-llama-cpp defaults to at least 4 threads; on a 2-core machine the extra threads spin-wait against each other
 * and decoding gets 40× slower (measured: 0.4 ms vs 17 ms per token on a tiny model). Use the math cores, or
 * WORKBENCH_THREADS when set (tests set 1: their models are too small to gain from more).
 */
function cpuThreads(llama: Llama): number {
  const fromEnv = Number(process.env.WORKBENCH_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, llama.cpuMathCores);
}

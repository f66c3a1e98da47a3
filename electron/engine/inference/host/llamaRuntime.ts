import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { judgeGpuBackend } from '../../../../scripts/llama/gpuChoice.mjs';

let llamaPromise: Promise<Llama> | null = null;

/**
 * One node-llama-cpp instance per host process. Never builds or downloads at run time: it loads what install left —
 * the CPU build `npm install` compiled for this machine (scripts/buildLlama.mjs) when there is one, otherwise
 * node-llama-cpp's prebuilt binaries (CPU everywhere, CUDA/Vulkan/Metal where the machine has them).
 * A GPU backend is used only with a real GPU device (loadRuntime). WORKBENCH_GPU=off forces the CPU (tests,
 * reproducibility).
 */
export function getLlamaRuntime(): Promise<Llama> {
  llamaPromise ??= loadRuntime().then((llama) => {
    llama.maxThreads = cpuThreads(llama);
    return llama;
  });
  return llamaPromise;
}

const loadOptions = { build: 'never', skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error } as const;

/**
 * A GPU backend only when it has a real GPU device: where the only Vulkan device is a software rasterizer on the CPU
 * (lavapipe), node-llama-cpp's 'auto' still picks its prebuilt Vulkan binary, which then computes on the CPU at a
 * third of the local CPU build's speed (scripts/llama/gpuChoice.mjs).
 */
async function loadRuntime(): Promise<Llama> {
  if (process.env.WORKBENCH_GPU === 'off') return await getLlama({ gpu: false, ...loadOptions });
  const llama = await getLlama({ gpu: 'auto', ...loadOptions });
  if (llama.gpu === false) return llama;
  const verdict = judgeGpuBackend({ gpu: llama.gpu, deviceNames: await llama.getGpuDeviceNames() });
  if (verdict.use) return llama;
  await llama.dispose();
  return await getLlama({ gpu: false, ...loadOptions });
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

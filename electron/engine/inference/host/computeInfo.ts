import type { ComputeInfo } from '../../../shared/contract/system.ts';
import { getLlamaRuntime } from './llamaRuntime.ts';

/** The backend node-llama-cpp actually picked, for the status bar. Runs inside the inference host. */
export async function readComputeInfo(): Promise<ComputeInfo> {
  const llama = await getLlamaRuntime();
  const backend = llama.gpu === false ? 'cpu' : llama.gpu;
  const binary = llama.buildType === 'localBuild' ? 'local' : 'prebuilt';
  if (backend === 'cpu') return { backend, binary, gpuName: null, vramTotalBytes: null, vramFreeBytes: null };
  const [names, vram] = await Promise.all([llama.getGpuDeviceNames(), llama.getVramState()]);
  return { backend, binary, gpuName: names.join(', ') || null, vramTotalBytes: vram.total, vramFreeBytes: vram.free };
}

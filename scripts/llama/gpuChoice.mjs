/**
 * Whether a GPU backend node-llama-cpp loaded has a real GPU to run on.
 *
 * node-llama-cpp's `gpu: 'auto'` loads its prebuilt Vulkan binary wherever libvulkan is installed. On a Linux
 * machine without a GPU the only Vulkan device is often Mesa's software rasterizer (lavapipe, "llvmpipe"), a
 * CPU-type device: ggml's Vulkan backend leaves CPU-type devices out, so the binary loads with no device at all
 * and runs everything on its generic CPU code (measured: 88.8 tokens/s against 308 with the local CPU build). Older
 * ggml versions listed such devices, so the names of the software rasterizers count as CPU-type too.
 * One rule for the install (scripts/buildLlama.mjs: compile for the CPU or not) and the app
 * (electron/engine/inference/host/llamaRuntime.ts: which binary to load).
 */
const cpuTypeDeviceNames = /\b(llvmpipe|lavapipe|swiftshader|softpipe)\b/i;

/**
 * @param {{ gpu: string | false, deviceNames: readonly string[] }} loaded what the backend reported
 * @returns {{ use: true } | { use: false, reason: string }}
 */
export function judgeGpuBackend({ gpu, deviceNames }) {
  if (gpu === false) return { use: false, reason: 'no GPU backend loaded' };
  // Metal always runs on the Mac's GPU; node-llama-cpp reports no device names for it on some versions.
  if (gpu === 'metal') return { use: true };
  const real = deviceNames.filter((name) => !cpuTypeDeviceNames.test(name));
  if (real.length > 0) return { use: true };
  if (deviceNames.length === 0) return { use: false, reason: `the ${gpu} backend found no GPU device (CPU-type devices such as lavapipe do not count)` };
  return { use: false, reason: `the only ${gpu} device is a software rasterizer on the CPU (${deviceNames.join(', ')})` };
}

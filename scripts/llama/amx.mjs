// Whether the CPU builds of llama.cpp (the app's, the trainer addon's, llama-bench's) keep ggml's AMX kernels.
//
// -march=native switches on ggml's AMX matrix multiplies (ggml-cpu/amx) on CPUs that advertise AMX (Xeon 4th
// generation and later). In the Firecracker VMs this project is developed and tested in, they kill the process on
// the first quantized (Q8_0) multiply — SIGILL at `tileloadd` — although the kernel grants the tile-data permission
// and a standalone tile test in the same VM passes, so no install-time probe can tell a working AMX from this one.
// AMX only speeds up prompt processing of quantized models on those Xeons (the app's users run Macs and RTX cards,
// whose builds never see these flags); a crash takes the user's generation or training run with it. So the builds
// leave AMX out (AVX-512 kernels do the work) unless WORKBENCH_LLAMA_AMX=on.

/** Explicit -mno-* flags win over -march=native wherever they stand on the command line (GCC and Clang). */
export const amxOffFlags = Object.freeze(['-mno-amx-tile', '-mno-amx-int8', '-mno-amx-bf16']);

/** Whether a CPU flags line (as /proc/cpuinfo writes it) advertises AMX. */
export function cpuAdvertisesAmx(cpuFlags) {
  return /(^|\s)amx_tile(\s|$)/.test(cpuFlags);
}

/**
 * The compiler flags that keep AMX out of a -march=native build: none where there is nothing to switch off (no AMX,
 * not x64, Windows, where the MSVC build does not use -march) or where the user asked for AMX.
 */
export function amxCompilerFlags({ platform, arch, cpuFlags, env }) {
  if (platform === 'win32' || arch !== 'x64' || !cpuAdvertisesAmx(cpuFlags)) return [];
  if ((env.WORKBENCH_LLAMA_AMX ?? '').toLowerCase() === 'on') return [];
  return [...amxOffFlags];
}

import { describe, expect, it } from 'vitest';
import { judgeGpuBackend } from '../../../scripts/llama/gpuChoice.mjs';

/** Which loaded backends the app keeps (a real GPU) and which send it to the local CPU build. */
describe('judgeGpuBackend', () => {
  it('keeps a backend with a real GPU device', () => {
    expect(judgeGpuBackend({ gpu: 'cuda', deviceNames: ['NVIDIA GeForce RTX 4090'] })).toEqual({ use: true });
    expect(judgeGpuBackend({ gpu: 'vulkan', deviceNames: ['AMD Radeon RX 7900 XTX (RADV NAVI31)'] })).toEqual({ use: true });
    expect(judgeGpuBackend({ gpu: 'vulkan', deviceNames: ['llvmpipe (LLVM 19.1.7, 256 bits)', 'Intel(R) UHD Graphics 770'] })).toEqual({ use: true });
    expect(judgeGpuBackend({ gpu: 'metal', deviceNames: [] })).toEqual({ use: true });
  });

  it('refuses Vulkan whose only devices are CPU-type (ggml lists none) or software rasterizers', () => {
    // What node-llama-cpp's prebuilt Vulkan binary reports on a machine whose only Vulkan device is lavapipe.
    expect(judgeGpuBackend({ gpu: 'vulkan', deviceNames: [] })).toMatchObject({ use: false, reason: expect.stringContaining('no GPU device') });
    expect(judgeGpuBackend({ gpu: 'vulkan', deviceNames: ['llvmpipe (LLVM 15.0.6, 256 bits)'] })).toMatchObject({ use: false, reason: expect.stringContaining('llvmpipe') });
    expect(judgeGpuBackend({ gpu: 'vulkan', deviceNames: ['SwiftShader Device (Subzero)'] }).use).toBe(false);
    expect(judgeGpuBackend({ gpu: false, deviceNames: [] }).use).toBe(false);
  });
});

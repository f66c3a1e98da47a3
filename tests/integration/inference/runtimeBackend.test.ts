import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { judgeGpuBackend } from '../../../scripts/llama/gpuChoice.mjs';

const script = fileURLToPath(new URL('./runtimeBackend.ts', import.meta.url));

/**
 * The backend the app really loads on this machine with the GPU allowed (the test runner sets WORKBENCH_GPU=off;
 * this child does not): a GPU backend only with a real GPU device. On a machine whose only Vulkan device is lavapipe,
 * node-llama-cpp's 'auto' alone picks its prebuilt Vulkan binary with no device and this fails.
 */
describe('llama.cpp runtime backend', () => {
  it('runs on a GPU backend only when that backend has a real GPU device', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.WORKBENCH_GPU;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { env, timeout: 120_000 });
    const picked = JSON.parse(stdout.trim().split('\n').at(-1)!) as { gpu: string | false; buildType: string; deviceNames: string[] };
    if (picked.gpu !== false) expect(judgeGpuBackend(picked)).toEqual({ use: true });
    else expect(picked.deviceNames).toEqual([]);
  }, 150_000);
});

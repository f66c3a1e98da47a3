// Child process for runtimeBackend.test.ts: loads the app's llama.cpp runtime as the inference host does and prints
// which backend it picked, with the devices that backend reports.
import { getLlamaRuntime } from '../../../electron/engine/inference/host/llamaRuntime.ts';

const llama = await getLlamaRuntime();
const deviceNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames();
process.stdout.write(`${JSON.stringify({ gpu: llama.gpu, buildType: llama.buildType, deviceNames })}\n`);
await llama.dispose();

import { z } from 'zod';
import { event, method } from './define.ts';

export const computeBackendSchema = z.enum(['cpu', 'cuda', 'metal', 'vulkan']);

export const hostNameSchema = z.enum(['inference', 'trainer']);
export type HostName = z.infer<typeof hostNameSchema>;

export const hostStatusSchema = z.object({
  name: hostNameSchema,
  state: z.enum(['stopped', 'starting', 'ready', 'crashed', 'restarting']),
  pid: z.number().int().nullable(),
  restarts: z.number().int(),
  lastError: z.string().nullable(),
});
export type HostStatus = z.infer<typeof hostStatusSchema>;

export const systemInfoSchema = z.object({
  appVersion: z.string(),
  nodeLlamaCppVersion: z.string(),
  platform: z.string(),
  arch: z.string(),
  dataHome: z.string(),
  /** Which shell runs the engine: the Electron app or the plain-Node server behind a browser. */
  shell: z.enum(['electron', 'server', 'cli']),
  totalMemoryBytes: z.number(),
  freeMemoryBytes: z.number(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const computeInfoSchema = z.object({
  backend: computeBackendSchema,
  gpuName: z.string().nullable(),
  vramTotalBytes: z.number().nullable(),
  vramFreeBytes: z.number().nullable(),
  /**
   * Which llama.cpp binary runs: node-llama-cpp's prebuilt one ('prebuilt', built for a family of CPUs) or one
   * compiled on this machine at `npm install` / `npm run build:llama` ('local'), which decodes faster on CPU
   * (bench/results).
   */
  binary: z.enum(['prebuilt', 'local']),
});
export type ComputeInfo = z.infer<typeof computeInfoSchema>;

export const systemMethods = {
  'system.info': method(z.object({}).strict(), systemInfoSchema),
  /** Asks the inference host which backend node-llama-cpp picked (starts the host if needed). */
  'system.compute': method(z.object({}).strict(), computeInfoSchema),
  'system.hosts': method(z.object({}).strict(), z.array(hostStatusSchema)),
  'settings.get': method(z.object({}).strict(), z.record(z.string(), z.unknown())),
  'settings.set': method(
    z.object({ key: z.string().min(1).max(100), value: z.unknown() }).strict(),
    z.record(z.string(), z.unknown()),
  ),
} as const;

export const systemEvents = {
  'host.status': event(hostStatusSchema),
} as const;

import { z } from 'zod';
import { method } from './define.ts';

/** The OpenAI-compatible API's own listener (Settings → Local API), separate from the app's server. */
export const apiServerStatusSchema = z.object({
  /** Saved: start it whenever the app starts. */
  enabled: z.boolean(),
  running: z.boolean(),
  host: z.string(),
  port: z.number().int(),
  /** Base URL for OpenAI clients (…/v1) while running. */
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
  /** Why it is not running although enabled (port in use, refused bind …). */
  error: z.string().nullable(),
  /** The app's own server also answers OpenAI clients here (…/v1), e.g. under `workbench serve --api`. */
  mountedBaseUrl: z.string().nullable(),
});
export type ApiServerStatus = z.infer<typeof apiServerStatusSchema>;

export const apiServerConfigSchema = z
  .object({
    host: z.string().trim().min(1).max(255).optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    /** A new key; null removes it; absent keeps the current one. */
    apiKey: z.string().min(8).max(200).nullable().optional(),
  })
  .strict();

export const apiServerMethods = {
  'apiServer.status': method(z.object({}).strict(), apiServerStatusSchema),
  /** Starts it now and on every later start of the app. */
  'apiServer.enable': method(z.object({}).strict(), apiServerStatusSchema),
  'apiServer.disable': method(z.object({}).strict(), apiServerStatusSchema),
  /** Changes bind address, port or key; a running server restarts with them. Non-loopback needs a key. */
  'apiServer.configure': method(apiServerConfigSchema, apiServerStatusSchema),
} as const;

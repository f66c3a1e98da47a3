import { z } from 'zod';
import { SettingsStore } from '../system/settingsStore.ts';
import type { Database } from 'better-sqlite3';

const SETTINGS_KEY = 'apiServer';
export const DEFAULT_API_PORT = 5318;

const savedSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(DEFAULT_API_PORT),
  apiKey: z.string().nullable().default(null),
});
export type ApiServerSettings = z.infer<typeof savedSchema>;

/** The Settings toggle's saved state (a damaged value falls back to the defaults: off, loopback). */
export function readApiServerSettings(db: Database): ApiServerSettings {
  const parsed = savedSchema.safeParse(new SettingsStore(db).get<unknown>(SETTINGS_KEY, {}));
  return parsed.success ? parsed.data : savedSchema.parse({});
}

export function saveApiServerSettings(db: Database, settings: ApiServerSettings): void {
  new SettingsStore(db).set(SETTINGS_KEY, settings);
}

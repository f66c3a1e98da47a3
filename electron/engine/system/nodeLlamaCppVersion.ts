import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The installed node-llama-cpp's version. Its package.json is not in the package's "exports", so
 * require('node-llama-cpp/package.json') throws (the Settings page showed "unknown"): resolve the entry point and
 * walk up to the package.json that names the package.
 */
export function nodeLlamaCppVersion(resolveFrom: string = import.meta.url): string | null {
  let entry: string;
  try {
    entry = createRequire(resolveFrom).resolve('node-llama-cpp');
  } catch {
    return null;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (manifest.name === 'node-llama-cpp' && typeof manifest.version === 'string') return manifest.version;
  }
  return null;
}

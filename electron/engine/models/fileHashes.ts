import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';

const inFlight = new Map<string, Promise<string>>();

/**
 * sha256 of a model or adapter file, remembered while its size and modification time stay the same: hashing a
 * multi-gigabyte model takes seconds, and every run's history entry records the hash.
 */
export function cachedSha256(db: Database, pathInput: string): Promise<string> {
  const path = resolve(pathInput);
  const stat = statSync(path);
  const cached = db.prepare('SELECT sha256 FROM file_hashes WHERE path = ? AND size_bytes = ? AND mtime_ms = ?').get(path, stat.size, stat.mtimeMs) as
    | { sha256: string }
    | undefined;
  if (cached) return Promise.resolve(cached.sha256);
  const key = `${path}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = sha256OfFile(path).then((sha256) => {
      db.prepare('INSERT OR REPLACE INTO file_hashes (path, size_bytes, mtime_ms, sha256) VALUES (?, ?, ?, ?)').run(path, stat.size, stat.mtimeMs, sha256);
      return sha256;
    });
    pending.finally(() => inFlight.delete(key)).catch(() => undefined);
    inFlight.set(key, pending);
  }
  return pending;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

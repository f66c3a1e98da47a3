import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const tempPathFor = (target: string): string =>
  join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

/** Fsync the directory so the rename itself survives a power cut (no-op where directories can't be opened). */
function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open directories; the rename is still atomic there.
  }
}

/**
 * temp file → fsync → rename: a reader (or a crash) sees the old file or the whole new one, never half.
 * Callers insert the database row only after this returns.
 */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, target);
  fsyncDirectory(dirname(target));
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, target);
  fsyncDirectory(dirname(target));
}

/**
 * For producers that stream a large artifact (adapters, checkpoints): they write to the returned temp path,
 * then call commit() to fsync + rename, or abandon() to delete it.
 */
export function beginAtomicFile(target: string): { tempPath: string; commit(): void; abandon(): void } {
  const tempPath = tempPathFor(target);
  return {
    tempPath,
    commit() {
      const fd = openSync(tempPath, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tempPath, target);
      fsyncDirectory(dirname(target));
    },
    abandon() {
      rmSync(tempPath, { force: true });
    },
  };
}

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';

/**
 * A model is named by a GGUF path or by its id in the model library. The library table belongs to the models
 * area; we only read an id → path column from it when it exists.
 */
export function resolveModelPath(db: Database, ref: string): string {
  const asPath = resolve(ref);
  if (isFile(asPath)) {
    assertGguf(asPath);
    return asPath;
  }
  const fromLibrary = libraryPath(db, ref);
  if (fromLibrary) {
    if (!isFile(fromLibrary)) {
      throw new WorkbenchError('not_found', `Library model ${ref} points at ${fromLibrary}, which no longer exists`, { field: 'model', file: fromLibrary });
    }
    assertGguf(fromLibrary);
    return fromLibrary;
  }
  throw new WorkbenchError('not_found', `No GGUF file or library model named "${ref}"`, { field: 'model', model: ref });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function assertGguf(path: string): void {
  const magic = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, magic, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (magic.toString('latin1') !== 'GGUF') {
    throw new WorkbenchError('bad_input', `${path} is not a GGUF model file (it does not start with "GGUF")`, { field: 'model', file: path });
  }
}

function libraryPath(db: Database, id: string): string | null {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'models'").get();
  if (!table) return null;
  const columns = (db.prepare('PRAGMA table_info(models)').all() as { name: string }[]).map((column) => column.name);
  const pathColumn = ['path', 'file_path'].find((name) => columns.includes(name));
  if (!pathColumn || !columns.includes('id')) return null;
  const row = db.prepare(`SELECT ${pathColumn} AS path FROM models WHERE id = ?`).get(id) as { path?: unknown } | undefined;
  return typeof row?.path === 'string' ? row.path : null;
}

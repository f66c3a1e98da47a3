import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AdapterRef } from '../../shared/contract/generate.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { readGguf, metadataString } from '../gguf/ggufReader.ts';

export interface ResolvedAdapter {
  readonly path: string;
  readonly scale: number;
}

/**
 * Adapter references become files: a path, or an id the training area's `adapters` table knows (read only when
 * that table exists, so this area does not depend on the trainer). Each file must be a GGUF LoRA adapter.
 */
export function resolveAdapters(db: Database, refs: readonly AdapterRef[]): ResolvedAdapter[] {
  return refs.map((ref, index) => {
    const field = `adapters.${index}.adapter`;
    const path = adapterPathFromLibrary(db, ref.adapter) ?? resolve(ref.adapter);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      // reported below
    }
    if (!isFile) throw new WorkbenchError('not_found', `No adapter file or library adapter named "${ref.adapter}"`, { field, adapter: ref.adapter }, reason('adapter_not_found', { adapter: ref.adapter }));
    let type: string | undefined;
    try {
      type = metadataString(readGguf(path).metadata, 'general.type');
    } catch (error) {
      throw new WorkbenchError('bad_input', `Adapter ${path}: ${(error as Error).message}`, { field, file: path }, reason('not_an_adapter', { file: path }));
    }
    if (type !== 'adapter') {
      throw new WorkbenchError('bad_input', `${path} is not a LoRA adapter (general.type is ${type ? `"${type}"` : 'missing'}; adapters say "adapter")`, {
        field,
        file: path,
      }, reason('not_an_adapter', { file: path }));
    }
    return { path, scale: ref.scale };
  });
}

function adapterPathFromLibrary(db: Database, id: string): string | null {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'adapters'").get();
  if (!table) return null;
  const columns = (db.prepare('PRAGMA table_info(adapters)').all() as { name: string }[]).map((column) => column.name);
  const pathColumn = ['path', 'file_path'].find((name) => columns.includes(name));
  if (!pathColumn || !columns.includes('id')) return null;
  const row = db.prepare(`SELECT ${pathColumn} AS path FROM adapters WHERE id = ?`).get(id) as { path?: unknown } | undefined;
  return typeof row?.path === 'string' ? row.path : null;
}

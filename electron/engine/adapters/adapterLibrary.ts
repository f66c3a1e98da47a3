import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AdapterScanResult, LibraryAdapter } from '../../shared/contract/adapters.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { metadataString, readGguf, type GgufFile } from '../gguf/ggufReader.ts';
import { adapterEntryOf, type AdapterRow } from './adapterRow.ts';
import { checkAdapterFitsBase } from './adapterShape.ts';

export interface AddAdapterInput {
  readonly path: string;
  /** The base model file the adapter is applied to. */
  readonly basePath: string;
  readonly name?: string;
}

/**
 * The adapter library: one table (`adapters`) for the adapters training made and those the user adds, each tied
 * to its base file. Adding reads the adapter's and the base's tensor tables and refuses an adapter that does not
 * fit, naming the tensor. Other areas (adapter import, training) add through `add`.
 */
export class AdapterLibrary {
  constructor(private readonly db: Database) {}

  /** Every adapter, or those of one base file; newest first. */
  list(basePath: string | null = null): LibraryAdapter[] {
    const rows = (
      basePath === null
        ? this.db.prepare('SELECT * FROM adapters ORDER BY created_at DESC').all()
        : this.db.prepare('SELECT * FROM adapters WHERE base_model_path = ? ORDER BY created_at DESC').all(resolve(basePath))
    ) as AdapterRow[];
    return rows.map(adapterEntryOf);
  }

  get(id: string): LibraryAdapter | null {
    const row = this.db.prepare('SELECT * FROM adapters WHERE id = ?').get(id) as AdapterRow | undefined;
    return row ? adapterEntryOf(row) : null;
  }

  findByPath(path: string): LibraryAdapter | null {
    const row = this.db.prepare('SELECT * FROM adapters WHERE path = ?').get(resolve(path)) as AdapterRow | undefined;
    return row ? adapterEntryOf(row) : null;
  }

  /**
   * Adds an adapter file for a base after checking every lora_a/lora_b pair against the base's tensors. A file
   * already in the library for the same base is returned as is; for another base it is refused.
   */
  add(input: AddAdapterInput, base: GgufFile = readGguf(resolve(input.basePath))): { adapter: LibraryAdapter; added: boolean } {
    const path = resolve(input.path);
    const basePath = resolve(input.basePath);
    if (!existsSync(path) || !statSync(path).isFile()) throw new WorkbenchError('not_found', `No adapter file at ${path}`, { field: 'path', file: path }, reason('file_not_found', { file: path }));
    const existing = this.findByPath(path);
    if (existing && existing.baseModelPath === basePath) return { adapter: existing, added: false };
    if (existing) {
      throw new WorkbenchError('conflict', `${path} is already in the library as "${existing.name}" for the base ${existing.baseModelPath}`, { field: 'path', file: path }, reason('adapter_already_added', { file: path, name: existing.name }));
    }
    const file = readGguf(path);
    const shape = checkAdapterFitsBase(file, base);
    const id = randomUUID();
    // The file's name, not general.name: converters and trainers write generic ones ("random LoRA r4", "Lora").
    const name = this.uniqueName(input.name ?? basename(path).replace(/\.gguf$/i, ''));
    this.db
      .prepare(
        `INSERT INTO adapters (id, name, path, base_model_path, rank, alpha, targets_json, size_bytes, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'file')`,
      )
      .run(id, name, path, basePath, shape.rank, shape.alpha, JSON.stringify(shape.targets), file.sizeBytes);
    return { adapter: this.get(id)!, added: true };
  }

  /** Adds every .gguf adapter in a folder that fits the base; models, other files and misfits are listed with why. */
  scan(folderInput: string, basePath: string): AdapterScanResult {
    const folder = resolve(folderInput);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new WorkbenchError('not_found', `No folder at ${folder}`, { field: 'folder', file: folder }, reason('folder_not_found', { folder }));
    const base = readGguf(resolve(basePath));
    const result: { added: LibraryAdapter[]; known: LibraryAdapter[]; skipped: AdapterScanResult['skipped'] } = { added: [], known: [], skipped: [] };
    const files = readdirSync(folder)
      .filter((name) => name.toLowerCase().endsWith('.gguf'))
      .sort();
    for (const name of files) {
      const file = join(folder, name);
      if (resolve(file) === resolve(basePath)) continue;
      let header: GgufFile;
      try {
        header = readGguf(file);
      } catch (error) {
        result.skipped.push({ file, reason: 'unreadable', message: (error as Error).message });
        continue;
      }
      if (metadataString(header.metadata, 'general.type') !== 'adapter') {
        result.skipped.push({ file, reason: 'not_adapter', message: `${file} is not a LoRA adapter (general.type is not "adapter")` });
        continue;
      }
      try {
        const { adapter, added } = this.add({ path: file, basePath }, base);
        (added ? result.added : result.known).push(adapter);
      } catch (error) {
        result.skipped.push({ file, reason: 'does_not_fit', message: (error as Error).message });
      }
    }
    return result;
  }

  rename(id: string, name: string): LibraryAdapter {
    const entry = this.require(id);
    if (name.toLowerCase() !== entry.name.toLowerCase() && this.nameTaken(name)) {
      throw new WorkbenchError('conflict', `Another adapter is already called "${name}"`, { field: 'name', name }, reason('adapter_name_taken', { name }));
    }
    this.db.prepare('UPDATE adapters SET name = ? WHERE id = ?').run(name, id);
    return this.require(id);
  }

  /** Forgets the entry; the file stays where it is. */
  remove(id: string): { removed: boolean } {
    return { removed: this.db.prepare('DELETE FROM adapters WHERE id = ?').run(id).changes > 0 };
  }

  private require(id: string): LibraryAdapter {
    const entry = this.get(id);
    if (!entry) throw new WorkbenchError('not_found', `No adapter with id ${id} in the library`, { field: 'id', id }, reason('adapter_not_found', { adapter: id }));
    return entry;
  }

  /** Adapter names are unique (any case): the API names them after a `+` (model+adapter). */
  private uniqueName(wanted: string): string {
    const base = wanted.trim().slice(0, 200) || 'adapter';
    let name = base;
    for (let counter = 2; this.nameTaken(name); counter++) name = `${base} (${counter})`;
    return name;
  }

  private nameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM adapters WHERE name = ? COLLATE NOCASE').get(name) !== undefined;
  }
}

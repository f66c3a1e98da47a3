import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ModelEntry, ModelKind } from '../../shared/contract/models.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import type { GgufInspection } from '../gguf/ggufInspection.ts';
import { detectModelKind } from './detectModelKind.ts';
import { cachedSha256 } from './fileHashes.ts';
import { notAModel } from './notAModel.ts';

interface ModelRow {
  id: string;
  name: string;
  path: string;
  size_bytes: number;
  architecture: string | null;
  parameter_count: number | null;
  context_length: number | null;
  quantization: string | null;
  has_chat_template: number;
  detected_kind: ModelKind;
  kind_override: ModelKind | null;
  kind_hints_json: string;
  tags_json: string;
  source: string;
  added_at: string;
}

export interface ResolvedModel {
  readonly path: string;
  readonly modelId: string | null;
  readonly name: string;
}

/** The model library: GGUF files the user added, with what their headers say and what the user decided. */
export class ModelLibrary {
  constructor(private readonly db: Database) {}

  list(): ModelEntry[] {
    const rows = this.db.prepare('SELECT * FROM models ORDER BY name COLLATE NOCASE').all() as ModelRow[];
    return rows.map((row) => this.toEntry(row));
  }

  get(id: string): ModelEntry | null {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
    return row ? this.toEntry(row) : null;
  }

  require(id: string): ModelEntry {
    const entry = this.get(id);
    if (!entry) throw new WorkbenchError('not_found', `No model with id ${id} in the library`, { field: 'id', id }, reason('model_not_in_library', { id }));
    return entry;
  }

  findByPath(path: string): ModelEntry | null {
    const row = this.db.prepare('SELECT * FROM models WHERE path = ?').get(resolve(path)) as ModelRow | undefined;
    return row ? this.toEntry(row) : null;
  }

  /** Reads the GGUF header and adds the file; a file already in the library is returned as is. */
  add(pathInput: string, options: { name?: string; source: string; sha256?: string; inspection?: GgufInspection }): { model: ModelEntry; added: boolean } {
    const path = resolve(pathInput);
    const existing = this.findByPath(path);
    if (existing) return { model: existing, added: false };
    const inspection = options.inspection ?? inspectGguf(path);
    const facts = factsOf(path, inspection);
    const id = randomUUID();
    const name = this.uniqueName(options.name ?? facts.name);
    this.db
      .prepare(
        `INSERT INTO models (id, name, path, size_bytes, architecture, parameter_count, context_length, quantization,
           has_chat_template, detected_kind, kind_hints_json, source)
         VALUES (@id, @name, @path, @size, @architecture, @parameters, @context, @quantization, @template, @kind, @hints, @source)`,
      )
      .run({
        id,
        name,
        path,
        size: facts.sizeBytes,
        architecture: facts.architecture,
        parameters: facts.parameterCount,
        context: facts.contextLength,
        quantization: facts.quantization,
        template: facts.hasChatTemplate ? 1 : 0,
        kind: facts.detectedKind,
        hints: JSON.stringify(facts.kindHints),
        source: options.source,
      });
    if (options.sha256) {
      const stat = statSync(path);
      this.db
        .prepare('INSERT OR REPLACE INTO file_hashes (path, size_bytes, mtime_ms, sha256) VALUES (?, ?, ?, ?)')
        .run(path, stat.size, stat.mtimeMs, options.sha256);
    }
    return { model: this.require(id), added: true };
  }

  /** What the library would say about a file that is not in it (nothing is stored). */
  preview(pathInput: string, inspection: GgufInspection): ModelEntry {
    const path = resolve(pathInput);
    const facts = factsOf(path, inspection);
    return {
      ...facts,
      id: '',
      path,
      fileName: basename(path),
      exists: true,
      kindOverride: null,
      kind: facts.detectedKind,
      tags: [],
      source: 'file',
      sha256: null,
      addedAt: new Date().toISOString(),
    };
  }

  update(id: string, changes: { name?: string; tags?: readonly string[]; kindOverride?: ModelKind | null }): ModelEntry {
    const entry = this.require(id);
    if (changes.name !== undefined && changes.name.toLowerCase() !== entry.name.toLowerCase() && this.nameTaken(changes.name)) {
      throw new WorkbenchError('conflict', `Another model is already called "${changes.name}"`, { field: 'name', name: changes.name }, reason('model_name_taken', { name: changes.name }));
    }
    this.db
      .prepare('UPDATE models SET name = ?, tags_json = ?, kind_override = ? WHERE id = ?')
      .run(
        changes.name ?? entry.name,
        JSON.stringify(changes.tags === undefined ? entry.tags : [...new Set(changes.tags)]),
        changes.kindOverride === undefined ? entry.kindOverride : changes.kindOverride,
        id,
      );
    return this.require(id);
  }

  /** Deleting the file needs the file's name repeated, so no stray or replayed call can delete a model. */
  remove(id: string, deleteFile: boolean, confirmFileName: string | undefined): { removed: boolean; fileDeleted: boolean } {
    const entry = this.require(id);
    if (deleteFile && confirmFileName !== entry.fileName) {
      throw new WorkbenchError('bad_input', `To delete ${entry.path} from disk, confirm with its file name "${entry.fileName}"`, {
        field: 'confirmFileName',
        expected: entry.fileName,
      }, reason('delete_needs_confirmation', { file: entry.fileName }));
    }
    let fileDeleted = false;
    if (deleteFile && entry.exists) {
      rmSync(entry.path);
      fileDeleted = true;
    }
    this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
    return { removed: true, fileDeleted };
  }

  /**
   * A model named by library id, library name (any case) or a path to a GGUF file: the one resolver every area
   * uses (resolveModelPath.ts), so a name the Playground accepts works in the Tokenizer lab, training and datasets.
   */
  resolve(ref: string): ResolvedModel {
    const row = (this.db.prepare('SELECT * FROM models WHERE id = ?').get(ref) ??
      this.db.prepare('SELECT * FROM models WHERE name = ? COLLATE NOCASE').get(ref) ??
      this.db.prepare('SELECT * FROM models WHERE path = ?').get(resolve(ref))) as ModelRow | undefined;
    if (row) {
      if (!isFile(row.path)) {
        throw new WorkbenchError('not_found', `Library model "${row.name}" points at ${row.path}, which no longer exists`, { field: 'model', file: row.path }, reason('model_file_missing', { name: row.name, file: row.path }));
      }
      return { path: row.path, modelId: row.id, name: row.name };
    }
    const path = resolve(ref);
    if (!isFile(path)) throw new WorkbenchError('not_found', `No library model or GGUF file named "${ref}"`, { field: 'model', model: ref }, reason('model_not_found', { model: ref }));
    assertGgufMagic(path);
    return { path, modelId: null, name: basename(path).replace(/\.gguf$/i, '') };
  }

  sha256(path: string): Promise<string> {
    return cachedSha256(this.db, path);
  }

  private uniqueName(wanted: string): string {
    const base = wanted.trim().slice(0, 200) || 'model';
    let name = base;
    for (let counter = 2; this.nameTaken(name); counter++) name = `${base} (${counter})`;
    return name;
  }

  private nameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM models WHERE name = ? COLLATE NOCASE').get(name) !== undefined;
  }

  private toEntry(row: ModelRow): ModelEntry {
    const hash = this.db.prepare('SELECT sha256, size_bytes, mtime_ms FROM file_hashes WHERE path = ?').get(row.path) as
      | { sha256: string; size_bytes: number; mtime_ms: number }
      | undefined;
    const stat = statOrNull(row.path);
    return {
      id: row.id,
      name: row.name,
      path: row.path,
      fileName: basename(row.path),
      sizeBytes: row.size_bytes,
      exists: stat !== null,
      architecture: row.architecture,
      parameterCount: row.parameter_count,
      contextLength: row.context_length,
      quantization: row.quantization,
      hasChatTemplate: row.has_chat_template === 1,
      detectedKind: row.detected_kind,
      kindOverride: row.kind_override,
      kind: row.kind_override ?? row.detected_kind,
      kindHints: JSON.parse(row.kind_hints_json) as string[],
      tags: JSON.parse(row.tags_json) as string[],
      source: row.source,
      sha256: hash && stat && hash.size_bytes === stat.size && hash.mtime_ms === stat.mtimeMs ? hash.sha256 : null,
      addedAt: row.added_at,
    };
  }
}

type ModelFacts = Pick<
  ModelEntry,
  'name' | 'sizeBytes' | 'architecture' | 'parameterCount' | 'contextLength' | 'quantization' | 'hasChatTemplate' | 'detectedKind' | 'kindHints'
>;

function factsOf(path: string, inspection: GgufInspection): ModelFacts {
  if (inspection.kind === 'adapter') {
    throw new WorkbenchError('bad_input', `${path} is a LoRA adapter (general.type = adapter), not a model: apply it to a model in the playground`, {
      file: path,
      field: 'general.type',
    }, reason('file_is_adapter', { file: path }));
  }
  if (notAModel(inspection)?.reason === 'training-state') {
    throw new WorkbenchError('bad_input', `${path} is a training checkpoint (general.type = workbench-training-state), not a model: resume it on the Training page`, {
      file: path,
      field: 'general.type',
    }, reason('file_is_checkpoint', { file: path }));
  }
  const detected = detectModelKind({
    fileName: basename(path),
    names: [inspection.name, metadataText(inspection, 'general.finetune'), metadataText(inspection, 'general.basename')],
    hasChatTemplate: inspection.hasChatTemplate,
  });
  return {
    name: inspection.name ?? basename(path).replace(/\.gguf$/i, ''),
    sizeBytes: inspection.sizeBytes,
    architecture: inspection.architecture,
    parameterCount: inspection.parameterCount,
    contextLength: inspection.contextLength,
    quantization: inspection.fileType,
    hasChatTemplate: inspection.hasChatTemplate,
    detectedKind: detected.kind,
    kindHints: detected.hints,
  };
}

function metadataText(inspection: GgufInspection, key: string): string | null {
  const value = inspection.metadata[key];
  return typeof value === 'string' ? value : null;
}

function statOrNull(path: string): { size: number; mtimeMs: number } | null {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat : null;
  } catch {
    return null;
  }
}

/** A file named by path must at least be GGUF, so the error says so instead of a loader failing later. */
function assertGgufMagic(path: string): void {
  const magic = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, magic, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (magic.toString('latin1') !== 'GGUF') {
    throw new WorkbenchError('bad_input', `${path} is not a GGUF model file (it does not start with "GGUF")`, { field: 'model', file: path }, reason('not_a_gguf', { file: path }));
  }
}

function isFile(path: string): boolean {
  return statOrNull(path) !== null;
}

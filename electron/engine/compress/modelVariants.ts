import type { Database } from 'better-sqlite3';
import type { ModelVariant, QuantizeTypeName } from '../../shared/contract/compress.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';

export interface VariantLink {
  readonly modelId: string;
  readonly sourceModelId: string;
  readonly operation: 'quantize' | 'merge';
  readonly type: QuantizeTypeName | null;
  readonly adapterPath: string | null;
}

interface VariantRow {
  model_id: string;
  source_model_id: string | null;
  operation: 'quantize' | 'merge';
  quant_type: QuantizeTypeName | null;
  adapter_path: string | null;
}

/** Remembers that a library model was made from another (migration 014); a model made again replaces its link. */
export function recordVariant(db: Database, link: VariantLink): void {
  db.prepare(
    `INSERT OR REPLACE INTO model_variants (model_id, source_model_id, operation, quant_type, adapter_path)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(link.modelId, link.sourceModelId, link.operation, link.type, link.adapterPath);
}

/**
 * A model and its variants: the root (the model itself, or the model it was made from when it is a variant) first,
 * then every model made from it, directly or from another variant, in the order they were made.
 */
export function listVariants(db: Database, modelRef: string): ModelVariant[] {
  const library = new ModelLibrary(db);
  const start = library.resolve(modelRef);
  if (!start.modelId) return [{ model: library.preview(start.path, inspectGguf(start.path)), operation: null, type: null, adapterPath: null }];
  const sourceOf = db.prepare('SELECT * FROM model_variants WHERE model_id = ?');
  let root = start.modelId;
  for (let hops = 0; hops < 32; hops++) {
    const row = sourceOf.get(root) as VariantRow | undefined;
    if (!row?.source_model_id) break;
    root = row.source_model_id;
  }
  const out: ModelVariant[] = [{ model: library.require(root), operation: null, type: null, adapterPath: null }];
  const children = db.prepare('SELECT * FROM model_variants WHERE source_model_id = ? ORDER BY created_at, rowid');
  const queue = [root];
  const seen = new Set(queue);
  while (queue.length > 0) {
    for (const row of children.all(queue.shift()) as VariantRow[]) {
      if (seen.has(row.model_id)) continue;
      seen.add(row.model_id);
      const model = library.get(row.model_id);
      if (!model) continue;
      out.push({ model, operation: row.operation, type: row.quant_type, adapterPath: row.adapter_path });
      queue.push(row.model_id);
    }
  }
  return out;
}

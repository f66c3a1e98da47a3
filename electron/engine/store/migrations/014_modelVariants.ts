import type { Migration } from './migration.ts';

/**
 * Quantized and merged copies of a model remember where they came from, so a model's variants can be listed and
 * compared. A variant row goes with its model row; the source may be removed from the library (then NULL).
 */
export const modelVariantsMigration: Migration = {
  version: 14,
  name: 'model variants',
  up(db) {
    db.exec(`
      CREATE TABLE model_variants (
        model_id TEXT PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        source_model_id TEXT REFERENCES models(id) ON DELETE SET NULL,
        operation TEXT NOT NULL CHECK (operation IN ('quantize', 'merge')),
        quant_type TEXT,
        adapter_path TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
      );
      CREATE INDEX model_variants_source ON model_variants(source_model_id);
    `);
  },
};

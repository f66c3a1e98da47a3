import { existsSync } from 'node:fs';
import type { LibraryAdapter } from '../../shared/contract/adapters.ts';

/** A row of the adapters table, which training and the adapter library both fill. */
export interface AdapterRow {
  id: string;
  name: string;
  path: string;
  base_model_path: string;
  base_model_sha256: string | null;
  run_id: string | null;
  objective: LibraryAdapter['objective'];
  rank: number;
  alpha: number;
  targets_json: string;
  data_sha256: string | null;
  final_loss: number | null;
  final_val_loss: number | null;
  size_bytes: number;
  sha256: string | null;
  source: LibraryAdapter['source'];
  created_at: string;
}

/** The row as the contract shows it (both the library and the training history list adapters this way). */
export function adapterEntryOf(row: AdapterRow): LibraryAdapter {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    exists: existsSync(row.path),
    baseModelPath: row.base_model_path,
    baseModelSha256: row.base_model_sha256,
    runId: row.run_id,
    objective: row.objective,
    rank: row.rank,
    alpha: row.alpha,
    targets: JSON.parse(row.targets_json) as string[],
    dataSha256: row.data_sha256,
    finalLoss: row.final_loss,
    finalValLoss: row.final_val_loss,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    source: row.source,
    createdAt: row.created_at,
  };
}

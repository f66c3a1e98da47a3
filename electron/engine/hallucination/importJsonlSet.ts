import { basename } from 'node:path';
import type { DatasetFormat } from '../../shared/contract/datasets.ts';
import type { DatasetStore } from '../datasets/datasetStore.ts';
import { importDataset } from '../datasets/importDataset.ts';
import { writeFileAtomic } from '../store/atomicWrite.ts';
import { toJsonl } from './trainingSets.ts';

export interface ImportedJsonlSet {
  readonly path: string;
  readonly rows: number;
  readonly format: DatasetFormat;
  /** null when there were no rows (nothing is imported). */
  readonly datasetId: string | null;
  readonly problems: number;
}

/**
 * Writes training rows as a JSONL file and imports it through the Datasets importer, so a generated set is
 * validated by the same checks as any other file and is ready to train on without a visit to the Datasets page.
 */
export async function importJsonlSet(
  target: { readonly datasets: DatasetStore; readonly tmpDir: string },
  path: string,
  rows: readonly unknown[],
  format: DatasetFormat,
  name: string,
): Promise<ImportedJsonlSet> {
  await writeFileAtomic(path, toJsonl(rows));
  if (rows.length === 0) return { path, rows: 0, format, datasetId: null, problems: 0 };
  const imported = await importDataset(
    { path, label: basename(path), sourcePath: path, options: { format, fileType: 'jsonl' }, name },
    { store: target.datasets, tmpDir: target.tmpDir },
  );
  const dataset = imported.datasets[0]!.dataset;
  return { path, rows: rows.length, format, datasetId: dataset.id, problems: Object.values(imported.report.counts).reduce((sum, count) => sum + count, 0) };
}

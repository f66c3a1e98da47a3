import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { CanonicalRow, DatasetSource, ImportResult, ReadOptions } from '../../../electron/shared/contract/datasets.ts';
import type { JobFinished } from '../../../electron/shared/contract/jobs.ts';
import { collectJob } from '../inference/collectJob.ts';

/** Runs datasets.import to the end; fails the test with the job's error if it did not finish. */
export async function importSource(engine: Engine, source: DatasetSource, options: ReadOptions = {}, extra: Record<string, unknown> = {}): Promise<ImportResult> {
  const { finished } = await collectJob<ImportResult>(engine, 'datasets.import', { source, options, ...extra });
  if (finished.state !== 'done') throw new Error(`import ${JSON.stringify(source)} ended ${finished.state}: ${finished.error?.message}`);
  return finished.result as ImportResult;
}

export async function importFailure(engine: Engine, source: DatasetSource, options: ReadOptions = {}): Promise<JobFinished> {
  const { finished } = await collectJob(engine, 'datasets.import', { source, options });
  return finished;
}

/** The valid rows of a dataset in order, as canonical rows. */
export async function canonicalRows(engine: Engine, datasetId: string): Promise<CanonicalRow[]> {
  const rows: CanonicalRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = (await engine.call('datasets.rows', { datasetId, status: 'ok', offset, limit: 1000 })) as { rows: { row: CanonicalRow }[] };
    rows.push(...page.rows.map((row) => row.row));
    if (page.rows.length < 1000) return rows;
  }
}

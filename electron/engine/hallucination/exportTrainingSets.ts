import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetFormat } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { TrainingExport } from '../../shared/contract/hallucination.ts';
import type { DatasetStore } from '../datasets/datasetStore.ts';
import { importJsonlSet } from './importJsonlSet.ts';
import type { HallucinationRunStore } from './runStore.ts';
import { buildTrainingSets } from './trainingSets.ts';

/** Where the sets go: the data home's datasets folder (the files) and the Datasets store (the rows). */
export interface ExportTarget {
  readonly datasetsDir: string;
  readonly tmpDir: string;
  readonly datasets: DatasetStore;
}

/**
 * Writes a probe run's SFT set (OpenAI chat messages JSONL) and DPO set (TRL prompt/chosen/rejected JSONL) into the
 * data home's datasets folder, then imports both through the Datasets importer, so they are ready to train on
 * (and validated by the same checks as any other file) without a visit to the Datasets page.
 */
export async function exportTrainingSets(target: ExportTarget, store: HallucinationRunStore, runId: string, threshold: number, name?: string): Promise<TrainingExport> {
  const run = store.run(runId);
  if (run.state === 'running') throw new WorkbenchError('conflict', `Run ${runId} is still going; export it when it ends`, { field: 'runId' }, reason('run_still_going', { run: runId }));
  const entries = store.items(runId);
  if (entries.length === 0) throw new WorkbenchError('bad_input', `Run ${runId} has no results to export`, { field: 'runId' }, reason('run_has_no_results', { run: runId }));
  const sets = buildTrainingSets(entries, threshold);
  const dir = join(target.datasetsDir, 'hallucination');
  mkdirSync(dir, { recursive: true });
  const base = name ?? `idk-${run.id.slice(0, 8)}`;

  const writeAndImport = (suffix: string, rows: readonly unknown[], format: DatasetFormat) =>
    importJsonlSet(target, join(dir, `${base}-${suffix}.jsonl`), rows, format, `${base}-${suffix}`);

  const sft = await writeAndImport('sft', sets.sft, 'openai');
  const dpo = await writeAndImport('dpo', sets.dpo, 'trl-standard');
  return { known: sets.known, unknown: sets.unknown, sft, dpo: { ...dpo, reversePairs: sets.reversePairs }, skipped: sets.skipped };
}

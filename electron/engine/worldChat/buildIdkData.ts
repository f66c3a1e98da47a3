import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { buildIdkDataInputSchema, IdkData } from '../../shared/contract/worldChat.ts';
import type { z } from 'zod';
import type { DatasetStore } from '../datasets/datasetStore.ts';
import { importJsonlSet } from '../hallucination/importJsonlSet.ts';
import { buildIdkRows } from './idkRows.ts';
import { readWorldQa, worldFolder } from './worldFiles.ts';

export interface IdkDataTarget {
  readonly datasetsDir: string;
  readonly tmpDir: string;
  readonly datasets: DatasetStore;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'set';

/**
 * Writes the "I don't know" SFT set (OpenAI chat messages) and DPO set (TRL prompt / chosen / rejected) of one
 * probed model into the data home's datasets folder, and imports both into Datasets.
 */
export async function buildIdkData(target: IdkDataTarget, input: z.output<typeof buildIdkDataInputSchema>): Promise<IdkData> {
  const worldDir = worldFolder(input.worldDir);
  const rows = buildIdkRows(input.report, input.label, readWorldQa(worldDir));
  if (rows.sft.length === 0) throw new WorkbenchError('bad_input', `Nothing to train on: the report has no questions answered by "${input.label}"`, { field: 'report' }, reason('report_nothing_to_train', { label: input.label }));
  if (rows.dpo.length === 0) {
    throw new WorkbenchError('bad_input', `The report gives no preference pairs for "${input.label}": it neither invented an answer nor got a known person right`, {
      field: 'report',
    }, reason('report_nothing_to_train', { label: input.label }));
  }
  const dir = join(target.datasetsDir, 'world-chat');
  mkdirSync(dir, { recursive: true });
  const base = `${slug(input.name)}-${slug(input.label)}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const sft = await importJsonlSet(target, join(dir, `${base}-sft.jsonl`), rows.sft, 'openai', `${input.name} SFT (${input.label})`);
  const dpo = await importJsonlSet(target, join(dir, `${base}-dpo.jsonl`), rows.dpo, 'trl-standard', `${input.name} DPO (${input.label})`);
  return {
    sftPath: sft.path,
    sftDatasetId: sft.datasetId!,
    sftRows: sft.rows,
    dpoPath: dpo.path,
    dpoDatasetId: dpo.datasetId!,
    dpoPairs: dpo.rows,
    reasons: rows.reasons,
  };
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { TrainingExport } from '../../shared/contract/hallucination.ts';
import { writeFileAtomic } from '../store/atomicWrite.ts';
import type { HallucinationRunStore } from './runStore.ts';
import { buildTrainingSets, toJsonl } from './trainingSets.ts';

/**
 * Writes a probe run's SFT set (OpenAI chat messages JSONL) and DPO set (TRL prompt/chosen/rejected JSONL) into
 * the data home's datasets folder, where the Datasets page imports them from.
 */
export async function exportTrainingSets(datasetsDir: string, store: HallucinationRunStore, runId: string, threshold: number, name?: string): Promise<TrainingExport> {
  const run = store.run(runId);
  if (run.state === 'running') throw new WorkbenchError('conflict', `Run ${runId} is still going; export it when it ends`, { field: 'runId' });
  const entries = store.items(runId);
  if (entries.length === 0) throw new WorkbenchError('bad_input', `Run ${runId} has no results to export`, { field: 'runId' });
  const sets = buildTrainingSets(entries, threshold);
  const dir = join(datasetsDir, 'hallucination');
  mkdirSync(dir, { recursive: true });
  const base = name ?? `idk-${run.id.slice(0, 8)}`;
  const sftPath = join(dir, `${base}-sft.jsonl`);
  const dpoPath = join(dir, `${base}-dpo.jsonl`);
  await writeFileAtomic(sftPath, toJsonl(sets.sft));
  await writeFileAtomic(dpoPath, toJsonl(sets.dpo));
  return {
    known: sets.known,
    unknown: sets.unknown,
    sft: { path: sftPath, rows: sets.sft.length, format: 'openai-messages' },
    dpo: { path: dpoPath, rows: sets.dpo.length, format: 'trl-preference', reversePairs: sets.reversePairs },
    skipped: sets.skipped,
  };
}

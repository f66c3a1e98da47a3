import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { TrainingData } from '../../shared/contract/training.ts';
import { DatasetStore } from '../datasets/datasetStore.ts';
import { seededRandom, shuffleInPlace } from '../datasets/seededShuffle.ts';
import { loadTrainingExamples } from '../training/trainingExamples.ts';
import type { JudgeRenderer } from './judgeText.ts';
import type { JudgeTextPair } from './trainRewardModel.ts';

/** A dataset named by id or by its (unique) name, as training names them. */
function resolveDataset(db: Database, data: TrainingData, field: string): TrainingData {
  if (data.kind !== 'dataset') return data;
  const list = new DatasetStore(db).list();
  const summary = list.find((d) => d.id === data.datasetId) ?? list.find((d) => d.name === data.datasetId);
  if (!summary) throw new WorkbenchError('not_found', `No dataset "${data.datasetId}" in the library`, { field: `${field}.datasetId` }, reason('dataset_not_found', { dataset: data.datasetId }));
  return { ...data, datasetId: summary.id };
}

/** The preference rows of a dataset as judge-text pairs (the prompt turns, then each answer's turns). */
export function judgePairsOf(db: Database, data: TrainingData, renderer: JudgeRenderer, field: string): JudgeTextPair[] {
  if (data.kind !== 'dataset') throw new WorkbenchError('bad_input', `${field}: a reward model trains on a preference dataset, not a text file`, { field }, reason('reward_data_needs_dataset', { field }));
  const examples = loadTrainingExamples(db, resolveDataset(db, data, field), 'dpo', createHash('sha256'));
  return examples.map((example) => {
    if (example.kind !== 'preference') throw new WorkbenchError('bad_input', `${field}: row ${example.rowId} is not a preference pair`, { field, row: example.rowId }, reason('reward_row_not_preference', { field, row: example.rowId ?? 0 }));
    return { chosen: renderer.text(example.prompt, example.chosen), rejected: renderer.text(example.prompt, example.rejected) };
  });
}

/** Held-out pairs drawn from the training pairs with the seed: `fraction` of them, at least one when there are two. */
export function splitHeldOut(pairs: readonly JudgeTextPair[], fraction: number, seed: number): { train: JudgeTextPair[]; heldOut: JudgeTextPair[] } {
  if (fraction === 0 || pairs.length < 2) return { train: [...pairs], heldOut: [] };
  const shuffled = shuffleInPlace([...pairs], seededRandom(seed ^ 0x5eed));
  const count = Math.min(pairs.length - 1, Math.max(1, Math.round(pairs.length * fraction)));
  return { train: shuffled.slice(count), heldOut: shuffled.slice(0, count) };
}

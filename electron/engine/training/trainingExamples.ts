import type { Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { DatasetMessage } from '../../shared/contract/datasets.ts';
import type { TrainingData, TrainingObjective } from '../../shared/contract/training.ts';
import { DatasetStore } from '../datasets/datasetStore.ts';

/** One training row as the trainer host receives it (tokenized there, with the session's own vocabulary). */
export type TrainingExample =
  | { rowId: number | null; kind: 'conversation'; messages: DatasetMessage[]; tools?: Record<string, unknown>[] }
  | { rowId: number | null; kind: 'preference'; prompt: DatasetMessage[]; chosen: DatasetMessage[]; rejected: DatasetMessage[] }
  | { rowId: number | null; kind: 'text'; text: string };

const expectedKind: Record<TrainingObjective, TrainingExample['kind']> = { sft: 'conversation', dpo: 'preference', full: 'text' };

/** Reads the rows of a dataset split or a text file; `hash` feeds the run's data sha256. */
export function loadTrainingExamples(db: Database, data: TrainingData, objective: TrainingObjective, hash: Hash): TrainingExample[] {
  if (data.kind === 'textFile') return textFileExamples(data.path, hash);
  const store = new DatasetStore(db);
  const examples: TrainingExample[] = [];
  for (const page of store.okRows(data.datasetId, data.split)) {
    for (const { id, row, hash: rowHash } of page) {
      hash.update(rowHash);
      // Full-parameter training learns from any text: conversations join it as their contents.
      if (objective === 'full' && row.kind === 'conversation') {
        examples.push({ rowId: id, kind: 'text', text: row.messages.map((m) => m.content).join('\n\n') });
        continue;
      }
      if (row.kind !== expectedKind[objective]) {
        throw new WorkbenchError('bad_input', `Row ${id} of dataset ${data.datasetId} is a ${row.kind} row; ${objective} training needs ${expectedKind[objective]} rows`, {
          field: 'data',
          row: id,
        }, reason('training_row_wrong_kind', { row: id, dataset: String(data.datasetId), kind: row.kind, objective, needed: expectedKind[objective] }));
      }
      examples.push({ rowId: id, ...row } as TrainingExample);
    }
  }
  return examples;
}

function textFileExamples(path: string, hash: Hash): TrainingExample[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkbenchError('not_found', `Cannot read ${path}: ${(error as Error).message}`, { file: path, field: 'data.path' }, reason('file_not_found', { file: path }));
  }
  hash.update(content);
  if (path.toLowerCase().endsWith('.jsonl')) {
    return content
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, index }) => {
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch (error) {
          throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON (${(error as Error).message})`, { file: path, line: index + 1 }, reason('line_not_json', { file: path, line: index + 1 }));
        }
        const text = (record as { text?: unknown }).text;
        if (typeof text !== 'string') throw new WorkbenchError('bad_input', `${path}:${index + 1}: no "text" string field`, { file: path, line: index + 1, field: 'text' }, reason('line_field_invalid', { file: path, line: index + 1, field: 'text' }));
        return { rowId: index + 1, kind: 'text' as const, text };
      });
  }
  // Plain text / markdown: paragraphs are the documents.
  return content
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => ({ rowId: null, kind: 'text' as const, text }));
}

import type { Engine } from '../../../electron/engine/createEngine.ts';
import type { DatasetSummary, ImportResult } from '../../../electron/shared/contract/datasets.ts';
import type { JobFinished } from '../../../electron/shared/contract/jobs.ts';
import type { TrainingConfigInput, TrainingProgress, TrainingRunDetail } from '../../../electron/shared/contract/training.ts';
import { collectJob } from '../inference/collectJob.ts';

export const qaPairs: readonly (readonly [string, string])[] = [
  ['What is the capital of France?', 'Paris.'],
  ['Name a primary color.', 'Blue.'],
  ['What is 2+2?', 'Four.'],
  ['Say hello.', 'Hello!'],
];

export function conversationsJsonl(pairs: readonly (readonly [string, string])[], assistantWeight?: number): string {
  return pairs
    .map(([q, a]) =>
      JSON.stringify({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a, ...(assistantWeight === undefined ? {} : { weight: assistantWeight }) }] }),
    )
    .join('\n');
}

/** Imports inline JSONL through datasets.import; returns the stored dataset. */
export async function importJsonl(engine: Engine, fileName: string, text: string): Promise<DatasetSummary> {
  const { finished } = await collectJob<ImportResult>(engine, 'datasets.import', { source: { kind: 'text', fileName, text } });
  if (finished.state !== 'done') throw new Error(`import ${fileName} ended ${finished.state}: ${finished.error?.message}`);
  const dataset = (finished.result as ImportResult).datasets[0]?.dataset;
  if (!dataset) throw new Error(`import ${fileName} stored no dataset`);
  return dataset;
}

/** SFT settings that make the tiny chat model memorise four answers in a few dozen steps on one thread. */
export function tinySftConfig(modelPath: string, datasetId: string, overrides: Partial<TrainingConfigInput> = {}): TrainingConfigInput {
  return {
    objective: 'sft',
    model: modelPath,
    data: { kind: 'dataset', datasetId, split: 'all' },
    validation: { kind: 'dataset', datasetId, split: 'all' },
    preset: 'quick',
    lora: { rank: 8, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], dropout: 0 },
    epochs: 60,
    batchSize: 4,
    gradAccum: 1,
    contextLength: 128,
    lr: 1e-2,
    schedule: 'cosine',
    warmupRatio: 0.05,
    evalEvery: 10,
    checkpointEvery: 20,
    samplePrompts: ['What is the capital of France?'],
    threads: 1,
    seed: 7,
    ...overrides,
  };
}

export interface CollectedRun {
  runId: string;
  finished: JobFinished;
  progress: TrainingProgress[];
}

/** Calls training.start / training.resume and gathers its job's progress until it finishes. */
export async function runTrainingJob(
  engine: Engine,
  method: 'training.start' | 'training.resume',
  input: unknown,
  onItem?: (item: TrainingProgress) => void,
): Promise<CollectedRun> {
  let runId = '';
  const { finished, data } = await collectJob(engine, method, input, (progress) => {
    for (const item of (progress.data ?? []) as TrainingProgress[]) {
      runId = item.runId;
      onItem?.(item);
    }
  });
  const progress = data as TrainingProgress[];
  return { runId: runId || (progress[0]?.runId ?? ''), finished, progress };
}

export async function runDetail(engine: Engine, runId: string): Promise<TrainingRunDetail> {
  return (await engine.call('training.run', { runId })) as TrainingRunDetail;
}

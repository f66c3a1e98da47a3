import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../electron/shared/contract/datasets.ts';
import { trainingConfigSchema } from '../../../electron/shared/contract/training.ts';
import { buildConfig, datasetsFor, draftFieldErrors, draftProblem, emptyDraft, type TrainingDraft } from '../../../renderer/src/pages/training/trainingDraft.ts';

const dataset = (id: string, kind: DatasetSummary['kind'], validationRows: number): DatasetSummary => ({
  id,
  name: id,
  kind,
  format: 'openai-messages' as DatasetSummary['format'],
  fileType: 'jsonl' as DatasetSummary['fileType'],
  sourcePath: null,
  sourceSha256: 'x',
  rows: 10,
  rejectedRows: 0,
  trainRows: 10 - validationRows,
  validationRows,
  counts: {},
  split: null,
  createdAt: '',
  updatedAt: '',
});

const datasets = [dataset('chat', 'sft', 2), dataset('plain', 'sft', 0), dataset('prefs', 'preference', 0), dataset('text', 'pretrain', 0)];
const draft = (changes: Partial<TrainingDraft>): TrainingDraft => ({ ...emptyDraft, modelId: 'm1', datasetId: 'chat', ...changes });

describe('training draft → config', () => {
  it('says what is missing before anything is estimated', () => {
    expect(draftProblem(emptyDraft)).toBe('needModel');
    expect(draftProblem({ ...emptyDraft, modelId: 'm1' })).toBe('needDataset');
    expect(draftProblem(draft({ lora: { ...emptyDraft.lora, targets: [] } }))).toBe('needTargets');
    expect(draftProblem(draft({ objective: 'full', lora: { ...emptyDraft.lora, targets: [] } }))).toBeNull();
    expect(buildConfig(emptyDraft, datasets)).toBeNull();
  });

  it('sends only what the user set, and the result passes the contract', () => {
    const config = buildConfig(draft({}), datasets);
    expect(config).toEqual({ objective: 'sft', model: 'm1', data: { kind: 'dataset', datasetId: 'chat', split: 'train' }, preset: 'quick', lora: { targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] } });
    expect(trainingConfigSchema.safeParse(config).success).toBe(true);
  });

  it('trains on all rows when the dataset has no validation split or another validation set is chosen', () => {
    expect(buildConfig(draft({ datasetId: 'plain' }), datasets)?.data).toEqual({ kind: 'dataset', datasetId: 'plain', split: 'all' });
    const separate = buildConfig(draft({ validation: 'plain' }), datasets);
    expect(separate?.data).toEqual({ kind: 'dataset', datasetId: 'chat', split: 'all' });
    expect(separate?.validation).toEqual({ kind: 'dataset', datasetId: 'plain', split: 'all' });
    expect(buildConfig(draft({ validation: 'none' }), datasets)?.validation).toBeNull();
  });

  it('carries advanced values, DPO settings and sample prompts', () => {
    const config = buildConfig(
      draft({
        objective: 'dpo',
        datasetId: 'prefs',
        initAdapter: 'adapter-1',
        numbers: { lr: 5e-5, maxSteps: 20 },
        schedule: 'cosine',
        lora: { rank: 8, alpha: null, dropout: 0.1, targets: ['q', 'v'] },
        dpo: { beta: 0.2, labelSmoothing: null },
        samplePrompts: ' first \n\nsecond\n',
        name: ' my run ',
      }),
      datasets,
    );
    expect(config).toMatchObject({ objective: 'dpo', initAdapter: 'adapter-1', lr: 5e-5, maxSteps: 20, schedule: 'cosine', lora: { rank: 8, dropout: 0.1, targets: ['q', 'v'] }, dpo: { beta: 0.2 }, samplePrompts: ['first', 'second'], name: 'my run' });
    expect(config?.lora).not.toHaveProperty('alpha');
    expect(trainingConfigSchema.safeParse(config).success).toBe(true);
  });

  it('sends no LoRA or adapter for full-parameter runs', () => {
    const config = buildConfig(draft({ objective: 'full', datasetId: 'text', initAdapter: 'adapter-1' }), datasets);
    expect(config).not.toHaveProperty('lora');
    expect(config).not.toHaveProperty('initAdapter');
  });

  it('offers the dataset kind that fits the objective', () => {
    expect(datasetsFor('sft', datasets).map((entry) => entry.id)).toEqual(['chat', 'plain']);
    expect(datasetsFor('dpo', datasets).map((entry) => entry.id)).toEqual(['prefs']);
    expect(datasetsFor('full', datasets).map((entry) => entry.id)).toEqual(['text']);
  });

  it('refuses bad values by field instead of replacing them (rank 0, lr "abc", a fractional batch)', () => {
    const config = buildConfig(draft({ numbers: { lr: 'abc', batchSize: '2.5', epochs: ' 2 ' }, lora: { ...emptyDraft.lora, rank: '0', alpha: '' } }), datasets);
    // what was typed is what is sent: nothing falls back to the preset or is clamped
    expect(config?.lr).toBeNaN();
    expect(config?.lora?.rank).toBe(0);
    expect(config?.epochs).toBe(2);
    expect(config?.lora && 'alpha' in config.lora).toBe(false);
    expect(draftFieldErrors(config)).toEqual({
      lr: { code: 'notNumber' },
      batchSize: { code: 'notInteger' },
      'lora.rank': { code: 'tooSmall', limit: 1 },
    });
    expect(draftFieldErrors(buildConfig(draft({ numbers: { lr: '0' } }), datasets))).toEqual({ lr: { code: 'atLeastAbove', limit: 0 } });
    expect(draftFieldErrors(buildConfig(draft({ numbers: { lr: '3e-4' } }), datasets))).toEqual({});
  });
});

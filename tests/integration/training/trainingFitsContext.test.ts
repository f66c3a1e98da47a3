import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEstimate } from '../../../electron/shared/contract/training.ts';
import { skippedRowText, verdictLines } from '../../../renderer/src/pages/training/estimateVerdict.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from './trainingHelpers.ts';
import { translator } from '../../helpers/translator.ts';

/** A question far longer than the 128-token context the runs below use. */
const longQuestion = `${'Please read this carefully. '.repeat(80)}What is the answer?`;

const pairs = [
  [longQuestion, 'Yes.', 'No.'],
  ['What is the capital of France?', 'Paris.', 'London.'],
  ['Name a primary color.', 'Blue.', 'Green.'],
  ['What is 2+2?', 'Four.', 'Five.'],
  ['Say hello.', 'Hello!', 'Goodbye!'],
] as const;

const preferenceJsonl = pairs
  .map(([q, chosen, rejected]) =>
    JSON.stringify({ prompt: [{ role: 'user', content: q }], chosen: [{ role: 'assistant', content: chosen }], rejected: [{ role: 'assistant', content: rejected }] }),
  )
  .join('\n');

/**
 * Runs keep what the form promised when rows are longer than the context: checkpoint samples never crash a run
 * (the default ones come from rows that fit, a long one of the user's is shortened), and "epochs 1" is one pass
 * over the rows that really train, not over the rows before the long ones were left out.
 */
describe('training: rows longer than the context', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let modelPath: string;
  beforeAll(async () => {
    engine = createTestEngine('training-fits-context');
    modelPath = await fixtureModel('tiny-chat');
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('a DPO run whose first row is too long finishes one epoch over the rows kept, with default samples', async () => {
    const dataset = await importJsonl(engine, 'long-prefs.jsonl', preferenceJsonl);
    const config = tinySftConfig(modelPath, dataset.id, {
      objective: 'dpo',
      validation: null,
      samplePrompts: undefined,
      epochs: 1,
      batchSize: 1,
      lr: 5e-3,
      checkpointEvery: 2,
      evalEvery: 2,
    });
    const estimate = (await engine.call('training.estimate', { config })) as TrainingEstimate;
    expect(estimate.trainRows).toBe(4);
    expect(estimate.skipped).toHaveLength(1);
    expect(estimate.totalSteps).toBe(4);

    const run = await runTrainingJob(engine, 'training.start', { config });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.totalSteps).toBe(4);
    expect(detail.metrics).toHaveLength(4);
    expect(detail.metrics.at(-1)!.epoch).toBeCloseTo(1, 6);
    expect(detail.samples.length).toBeGreaterThan(0);
    expect(detail.samples.every((sample) => sample.error === undefined)).toBe(true);
    expect(detail.samples.map((sample) => sample.prompt)).not.toContain(longQuestion);
  });

  it('an SFT sample prompt longer than the context is shortened and marked, and the run finishes', async () => {
    const dataset = await importJsonl(engine, 'short-sft.jsonl', conversationsJsonl(qaPairs));
    const config = tinySftConfig(modelPath, dataset.id, { validation: null, samplePrompts: [longQuestion], epochs: 1, batchSize: 2, checkpointEvery: 1 });
    const run = await runTrainingJob(engine, 'training.start', { config });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.samples).toHaveLength(2);
    for (const sample of detail.samples) {
      expect(sample).toMatchObject({ prompt: longQuestion, truncated: true });
      expect(sample.error).toBeUndefined();
    }
  });

  it('says what each choice for long rows keeps; truncating trains on every row, and a context beyond the model is flagged', async () => {
    const dataset = await importJsonl(engine, 'long-prefs-truncate.jsonl', preferenceJsonl);
    const base = { objective: 'dpo' as const, validation: null, samplePrompts: undefined, epochs: 1, batchSize: 1, lr: 5e-3, checkpointEvery: 5 };
    const skipping = (await engine.call('training.estimate', { config: tinySftConfig(modelPath, dataset.id, base) })) as TrainingEstimate;
    expect(skipping.longRows).toEqual({ longerThanContext: 1, keptBySkip: 4, keptByTruncate: 5 });
    expect(skipping.verdict).toContain('truncating keeps all 5');
    // The UI says it from the code and the numbers, in the interface's language.
    const zh = await translator('zh');
    expect(skipping.verdictCode).toBe('ready_skipping');
    expect(verdictLines(zh, skipping)).toEqual(['可以开始；1 行比上下文长，将被跳过（改为截断则全部 5 行都保留）。']);
    const [skippedRow] = skipping.skipped;
    expect(skippedRow).toMatchObject({ rowId: 1, contextLength: 128 });
    expect(skippedRow!.tokens).toBeGreaterThan(128);
    expect(skippedRowText(zh, skippedRow!)).toBe(`第 1 行：${skippedRow!.tokens} 个 token，超过上下文长度 128`);
    const config = tinySftConfig(modelPath, dataset.id, { ...base, longRows: 'truncate' });
    const truncating = (await engine.call('training.estimate', { config })) as TrainingEstimate;
    expect(truncating).toMatchObject({ trainRows: 5, totalSteps: 5, skipped: [], longRows: { longerThanContext: 1, keptBySkip: 4, keptByTruncate: 5 } });
    expect(verdictLines(zh, truncating)).toEqual(['可以开始；1 行比上下文长，将被截断以放入上下文。']);

    const run = await runTrainingJob(engine, 'training.start', { config });
    expect(run.finished.state, run.finished.error?.message).toBe('done');
    const detail = await runDetail(engine, run.runId);
    expect(detail.metrics).toHaveLength(5);
    expect(detail.metrics.at(-1)!.epoch).toBeCloseTo(1, 6);

    const beyond = (await engine.call('training.estimate', { config: { ...config, contextLength: 2048 } })) as TrainingEstimate;
    expect(beyond.modelContextLength).toBe(1024);
    expect(beyond.verdict).toContain('longer than the 1024 tokens this model was trained with');
    expect(verdictLines(zh, beyond).at(-1)).toBe('上下文长度 2048 超过了这个模型训练时的 1024 个 token。');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRowView, DatasetStats, PreviewResult, ValidationReport } from '../../../electron/shared/contract/datasets.ts';
import type { EncodeResult, RenderResult } from '../../../electron/shared/contract/tokenizer.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { importSource } from './datasetJobs.ts';

/** Token counts and context checks with a model's own tokenizer and chat template (a generated ChatML model). */
describe('datasets measured with a model tokenizer in the inference host', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let model: string;
  let file: string;
  const answers = ['Short.', 'A somewhat longer answer that takes more tokens.', 'x'.repeat(1500)];
  beforeAll(async () => {
    engine = createTestEngine('datasets-model');
    model = await fixtureModel('tiny-chat');
    file = join(engine.homePath, 'lengths.jsonl');
    writeFileSync(file, answers.map((answer) => `${JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: answer }] })}\n`).join(''));
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  /**
   * What training sees: the conversation through the model's template, tokenized with special tokens, with the BOS
   * this model asks for in front (its ChatML template writes none; the trainer and inference add it).
   */
  const templateTokens = async (answer: string): Promise<number> => {
    const rendered = (await engine.call('tokenizer.renderTemplate', {
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: answer },
      ],
      template: { kind: 'model', model },
      tokenizer: { kind: 'model', model },
    })) as RenderResult;
    const encoded = (await engine.call('tokenizer.encode', { tokenizer: { kind: 'model', model }, text: rendered.text, specialTokens: 'allow' })) as EncodeResult;
    expect(rendered.tokens.length).toBe(encoded.count + 1);
    return rendered.tokens.length;
  };

  it('counts each row through the chat template and flags rows over the context with their line', async () => {
    const expected = await Promise.all(answers.map(templateTokens));
    expect(expected[0]).toBeLessThan(expected[1] as number);
    const limit = (expected[1] as number) - 1;
    const report = (await engine.call('datasets.validate', {
      source: { kind: 'file', path: file },
      context: { tokenizer: { kind: 'model', model }, contextLength: limit },
    })) as ValidationReport;
    expect(report.errors.map((error) => [error.line, error.code])).toEqual([
      [2, 'over_context'],
      [3, 'over_context'],
    ]);
    expect(report.errors[0]?.message).toBe(`${expected[1]} tokens with tiny-chat.gguf: longer than the context length ${limit}, so training would cut it`.replace('tiny-chat.gguf', model.split('/').at(-1) as string));
    expect(report.validRows).toBe(1);
  });

  it("uses the model's own context length when none is given", async () => {
    const report = (await engine.call('datasets.validate', { source: { kind: 'file', path: file }, context: { tokenizer: { kind: 'model', model } } })) as ValidationReport;
    // The fixture model's context is 1024 tokens: only the 1500-character answer is longer.
    const expected = await Promise.all(answers.map(templateTokens));
    expect(expected[2]).toBeGreaterThan(1024);
    expect(report.errors.map((error) => [error.line, error.code])).toEqual([[3, 'over_context']]);
    expect(report.errors[0]?.message).toMatch(/longer than the context length 1024/);
  });

  it('stats in model tokens, with rows over the context', async () => {
    const { datasets } = await importSource(engine, { kind: 'file', path: file });
    const id = datasets[0]?.dataset.id as string;
    const expected = await Promise.all(answers.map(templateTokens));
    const stats = (await engine.call('datasets.stats', { datasetId: id, tokenizer: { kind: 'model', model }, contextLength: (expected[1] as number) - 1 })) as DatasetStats;
    expect(stats.unit).toBe('tokens');
    expect(stats.measuredAs).toMatch(/chat template/);
    expect(stats.measuredHow).toEqual({ key: 'model_template', params: {} });
    expect([stats.length.min, stats.length.max, stats.length.total]).toEqual([expected[0], expected[2], expected.reduce((sum, count) => sum + count, 0)]);
    expect(stats.overContext).toBe(2);
    expect(stats.tokenizer?.kind).toBe('model');
  });

  it("previews a row through the model's template and tokenizer", async () => {
    const { datasets } = await importSource(engine, { kind: 'file', path: file });
    const id = datasets[0]?.dataset.id as string;
    const row = ((await engine.call('datasets.rows', { datasetId: id })) as { rows: DatasetRowView[] }).rows[0] as DatasetRowView;
    const preview = (await engine.call('datasets.preview', { datasetId: id, rowId: row.id, template: { kind: 'model', model }, tokenizer: { kind: 'model', model } })) as PreviewResult;
    if (preview.kind !== 'conversation') throw new Error('expected a conversation');
    expect(preview.render.text).toContain('<|im_start|>assistant\nShort.<|im_end|>');
    expect(preview.render.trainedTokens).toBeGreaterThan(0);
    expect(preview.render.mask.length).toBe(preview.render.tokens.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import type { CompareProgressItem, CompareRunRecord, CompareRunSummary, PlacementPlan } from '../../../electron/shared/contract/compare.ts';
import type { LoadedModel, ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createCompareTestEngine } from './compareTestEngine.ts';

/**
 * Two generated models side by side through the real engine: compare.run jobs, streamed per-column tokens, the
 * saved history, exports and re-runs. (The "test-trained adapter" variant waits for the trainer; a random
 * LoRA adapter stands in for it here.)
 */
describe('compare runs on generated models', () => {
  let engine: ReturnType<typeof createCompareTestEngine>;
  let base: ModelEntry;
  let other: ModelEntry;
  let lora: string;

  beforeAll(async () => {
    engine = createCompareTestEngine('compare-run');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    // A second random model with the same shape: same tokenizer, different weights.
    other = ((await engine.call('models.add', { path: await fixtureModel('tiny-other', { seed: 17, ctx: 1024 }), name: 'tiny-other' })) as { model: ModelEntry }).model;
    lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 5 });
  });
  afterAll(async () => await engine?.dispose());

  const itemsOf = (data: unknown[]) => data as CompareProgressItem[];

  it('runs one after another when asked, unloading each model it loaded', async () => {
    const { finished, data } = await collectJob<CompareRunRecord>(engine, 'compare.run', {
      contenders: [{ model: base.id }, { model: other.id }],
      prompts: ['Once upon a time'],
      maxTokens: 6,
      seed: 3,
      placement: 'sequential',
    });
    expect(finished.state).toBe('done');
    const items = itemsOf(data);
    expect(items[0]).toMatchObject({ type: 'plan', plan: { placement: 'sequential', forced: true, models: 2 } });
    // Column 1 streams only after column 0 is done.
    const firstColumn1 = items.findIndex((item) => item.type === 'cell-start' && item.column === 1);
    const column0Done = items.findIndex((item) => item.type === 'cell-done' && item.cell.column === 0);
    expect(column0Done).toBeGreaterThan(-1);
    expect(firstColumn1).toBeGreaterThan(column0Done);
    expect((await engine.call('models.loaded', {})) as LoadedModel[]).toEqual([]);
  });

  it('streams two models on one prompt, each column reproducing a direct generation with the same settings', async () => {
    const progress: number[] = [];
    const { finished, data } = await collectJob<CompareRunRecord>(
      engine,
      'compare.run',
      { contenders: [{ model: base.id }, { model: other.id, preset: 'greedy' }], prompts: ['The little cat'], maxTokens: 12, seed: 11 },
      (event) => progress.push(event.fraction ?? 0),
    );
    expect(finished.state).toBe('done');
    const record = finished.result!;
    const items = itemsOf(data);
    const plan = (items[0] as { plan: PlacementPlan }).plan;
    // Two 0.5 MB models fit anywhere.
    expect(plan).toMatchObject({ placement: 'together', forced: false });
    expect(plan.neededRamBytes).toBeGreaterThan(0);
    expect(record.cells).toHaveLength(2);
    for (const cell of record.cells) {
      const streamed = items.flatMap((item) => (item.type === 'token' && item.column === cell.column ? [item.delta] : [])).join('');
      expect(streamed).toBe(cell.text);
      expect(cell.error).toBeNull();
      expect(cell.seed).toBe(11);
      expect(cell.timings!.timeToFirstTokenMs).toBeGreaterThan(0);
      expect(cell.timings!.generatedTokens).toBeGreaterThan(0);
      const contender = record.contenders[cell.column]!;
      const direct = await generateText(engine.services, {
        model: contender.modelPath,
        prompt: 'The little cat',
        maxTokens: 12,
        sampling: { ...contender.resolvedSampling, seed: 11 },
      });
      expect(cell.text).toBe(direct.text);
      // …and the Playground's token inspector on the same settings does not change what is generated.
      const inspected = await generateText(engine.services, {
        model: contender.modelPath,
        prompt: 'The little cat',
        maxTokens: 12,
        logprobs: 5,
        inspect: true,
        sampling: { ...contender.resolvedSampling, seed: 11 },
      });
      expect(inspected.text).toBe(cell.text);
    }
    expect(record.contenders.map((contender) => contender.label)).toEqual([`${base.name} · raw`, 'tiny-other · raw · greedy']);
    // Two different random models say different things.
    expect(record.cells[0]!.text).not.toBe(record.cells[1]!.text);
    expect(progress.at(-1)).toBe(1);
    const saved = (await engine.call('compare.historyGet', { id: record.id })) as CompareRunRecord;
    expect(saved).toEqual(record);
  });

  it('runs a prompt set across base, base + adapter (few-shot) and another model, with progress, export and an exact re-run', async () => {
    const prompts = ['Hello there', 'The weather today', '从前有座山'];
    const fractions: number[] = [];
    const { finished } = await collectJob<CompareRunRecord>(
      engine,
      'compare.run',
      {
        contenders: [{ model: base.id }, { model: base.id, adapters: [{ adapter: lora, scale: 0.8 }], mode: 'fewshot' }, { model: other.id }],
        prompts,
        maxTokens: 8,
        seed: 21,
        title: 'Three prompts',
      },
      (event) => fractions.push(event.fraction ?? 0),
    );
    expect(finished.state).toBe('done');
    const record = finished.result!;
    expect(record.cells.map((cell) => [cell.prompt, cell.column])).toEqual(prompts.flatMap((_, prompt) => [0, 1, 2].map((column) => [prompt, column])));
    expect(fractions.every((fraction, index) => index === 0 || fraction >= fractions[index - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    // The few-shot column saw the dialogue (Chinese for the Chinese prompt); the adapter changed what the base says.
    expect(record.cells[1]!.renderedPrompt).toMatch(/User: Hello there\nAssistant:$/);
    expect(record.cells[7]!.renderedPrompt).toMatch(/用户：从前有座山\n助手：$/);
    expect(record.contenders[1]!.label).toBe(`${base.name} + tiny-base-lora ×0.8 · few-shot`);

    const history = (await engine.call('compare.history', {})) as { runs: CompareRunSummary[]; total: number };
    expect(history.runs[0]).toMatchObject({ id: record.id, title: 'Three prompts', promptCount: 3, cellsDone: 9, state: 'done' });

    const csv = (await engine.call('compare.export', { id: record.id, format: 'csv' })) as { content: string; fileName: string };
    expect(csv.fileName).toMatch(/\.csv$/);
    const lines = csv.content.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toContain(`${base.name} · raw | output`);
    expect(lines.filter((line) => /^\d+,/.test(line)).map((line) => line.split(',')[0])).toEqual(['1', '2', '3']);
    const json = JSON.parse(((await engine.call('compare.export', { id: record.id, format: 'json' })) as { content: string }).content) as CompareRunRecord;
    expect(json.cells.map((cell) => cell.text)).toEqual(record.cells.map((cell) => cell.text));

    const again = await collectJob<CompareRunRecord>(engine, 'compare.rerun', { id: record.id });
    expect(again.finished.state).toBe('done');
    expect(again.finished.result!.id).not.toBe(record.id);
    expect(again.finished.result!.settings.seed).toBe(21);
    expect(again.finished.result!.cells.map((cell) => cell.text)).toEqual(record.cells.map((cell) => cell.text));
  });

  it('records a column that cannot run (chat mode on a base model without a template) and finishes the others', async () => {
    const { finished } = await collectJob<CompareRunRecord>(engine, 'compare.run', {
      contenders: [{ model: base.id, mode: 'chat' }, { model: other.id }],
      prompts: ['Hi'],
      maxTokens: 4,
      seed: 1,
    });
    expect(finished.state).toBe('done');
    const [failed, fine] = finished.result!.cells;
    expect(failed!.error).toMatchObject({ code: 'bad_input', details: { field: 'template' } });
    expect(failed!.error!.message).toMatch(/has no chat template/);
    expect(fine!.error).toBeNull();
  });

  it('refuses a missing model before starting, naming the column and field', async () => {
    await expect(engine.call('compare.run', { contenders: [{ model: base.id }, { model: '/no/such/model.gguf' }], prompts: ['x'] })).rejects.toMatchObject({
      code: 'not_found',
      details: { field: 'contenders.1.model' },
    });
    await expect(engine.call('compare.run', { contenders: [{ model: base.id }], prompts: ['x'] })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'contenders' },
    });
  });

  it('cancels a long prompt set and keeps the cells that finished', async () => {
    const prompts = Array.from({ length: 40 }, (_, index) => `Prompt number ${index}`);
    let cancelled = false;
    const { finished } = await collectJob<CompareRunRecord>(engine, 'compare.run', { contenders: [{ model: base.id }, { model: other.id }], prompts, maxTokens: 16, seed: 2 }, (event, jobId) => {
      const items = (event.data ?? []) as CompareProgressItem[];
      if (!cancelled && items.some((item) => item.type === 'cell-done')) {
        cancelled = true;
        void engine.call('jobs.cancel', { jobId });
      }
    });
    expect(finished.state).toBe('cancelled');
    const history = (await engine.call('compare.history', {})) as { runs: CompareRunSummary[] };
    const run = history.runs.find((entry) => entry.promptCount === 40)!;
    expect(run.state).toBe('cancelled');
    expect(run.cellsDone).toBeGreaterThan(0);
    expect(run.cellsDone).toBeLessThan(80);
  });
});

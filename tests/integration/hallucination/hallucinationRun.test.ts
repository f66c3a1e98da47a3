import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatasetRowView, DatasetSummary } from '../../../electron/shared/contract/datasets.ts';
import {
  builtinCategories,
  runProgressSchema,
  verdicts,
  type Comparison,
  type ItemResult,
  type RunRecord,
  type TrainingExport,
} from '../../../electron/shared/contract/hallucination.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { createHallucinationTestEngine } from './hallucinationTestEngine.ts';
import { idkSuite, trainIdkAdapter, trainKnowingModel } from './idkTraining.ts';

/** The formats the Datasets importer reads (issue 6): OpenAI chat messages for SFT, TRL standard rows for DPO. */
const openAiMessagesRow = z.object({ messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().min(1) }).strict()).min(2) }).strict();
const trlPreferenceRow = z.object({ prompt: z.string().min(1), chosen: z.string().min(1), rejected: z.string().min(1) }).strict();
const jsonlRows = <T>(path: string, schema: z.ZodType<T>): T[] =>
  readFileSync(path, 'utf8').split('\n').filter((line) => line !== '').map((line, index) => {
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.message}`);
    return parsed.data;
  });

describe('hallucination lab on generated models (engine + inference host + SQLite)', () => {
  let engine: ReturnType<typeof createHallucinationTestEngine>;
  let base: string;
  let chat: string;
  let adapter: string;
  const getRun = async (runId: string) => (await engine.call('hallucination.getRun', { runId })) as { run: RunRecord; items: ItemResult[] };

  beforeAll(async () => {
    engine = createHallucinationTestEngine('hallucination');
    [base, chat, adapter] = await Promise.all([fixtureModel('tiny-base'), fixtureModel('tiny-chat'), fixtureLoraAdapter('tiny-chat', { rank: 4, seed: 5 })]);
  });
  afterAll(async () => await engine.dispose());

  it('runs the whole built-in suite on a chat model: every item graded, explained, saved, progress per item', async () => {
    const { finished, data } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
      targets: [{ model: chat }],
      suite: { kind: 'builtin' },
      settings: { maxTokens: 6, refusalProbability: false, multipleChoice: false },
    });
    expect(finished.state).toBe('done');
    const [runId] = finished.result!.runIds;
    const { run, items } = await getRun(runId!);
    const suite = (await engine.call('hallucination.loadSuite', { source: { kind: 'builtin' } })) as { items: unknown[] };
    expect(run).toMatchObject({ state: 'done', mode: 'chat', modelPath: chat, itemCount: suite.items.length, suiteName: 'builtin' });
    expect(items).toHaveLength(suite.items.length);
    for (const item of items) {
      expect(verdicts).toContain(item.verdict);
      expect(item.why.length).toBeGreaterThan(10);
      expect(item.samples).toHaveLength(1);
    }
    const summary = run.summary!;
    expect(summary.overall.correct + summary.overall.incorrect + summary.overall.notAttempted).toBe(items.length);
    expect(Object.keys(summary.byCategory).sort()).toEqual([...builtinCategories].sort());
    expect(Object.keys(summary.byLang).sort()).toEqual(['en', 'zh']);
    const progress = data.map((entry) => runProgressSchema.parse(entry));
    expect(progress.map((entry) => entry.done)).toEqual(items.map((_, index) => index + 1));
    expect((await engine.call('hallucination.listRuns', {})) as RunRecord[]).toEqual([expect.objectContaining({ id: runId })]);
  });

  it('puts base (raw frame), chat and chat + adapter side by side with log-likelihood choices, "I don\'t know" probability and the context re-run', async () => {
    const { finished } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
      targets: [{ model: base }, { model: chat }, { model: chat, lora: adapter, label: 'chat + adapter' }],
      suite: { kind: 'builtin' },
      itemIds: ['number-zh-9.9-9.11', 'number-en-9.9-9.11', 'dated-zh-civil-code', 'nonexistent-en-orson-kovacs'],
      settings: { maxTokens: 8, contextRerun: true },
    });
    expect(finished.state).toBe('done');
    const runs = await Promise.all(finished.result!.runIds.map(getRun));
    expect(runs.map(({ run }) => [run.mode, run.lora])).toEqual([['raw', null], ['chat', null], ['chat', adapter]]);
    expect(runs[2]!.run.label).toBe('chat + adapter');
    for (const { items } of runs) {
      const civil = items.find((item) => item.itemId === 'dated-zh-civil-code')!;
      expect(civil.multipleChoice!.logProbs).toHaveLength(4);
      for (const logProb of civil.multipleChoice!.logProbs) expect(logProb).toBeLessThan(0);
      expect(civil.refusal!.refusalShare).toBeGreaterThan(0);
      expect(civil.refusal!.refusalShare).toBeLessThan(1);
      expect(civil.context).not.toBeNull();
      // Only items with a reference passage are re-run with it (the 9.9 vs 9.11 items have none).
      expect(items.filter((item) => item.context !== null).map((item) => item.itemId).sort()).toEqual(['dated-zh-civil-code', 'nonexistent-en-orson-kovacs']);
      expect(items.find((item) => item.itemId === 'nonexistent-en-orson-kovacs')!.refusal!.answerLogProb).toBeNull();
    }
    // The adapter changes the model: the same options get different log-likelihoods.
    const choiceLogProbs = (index: number) => runs[index]!.items.find((item) => item.itemId === 'number-en-9.9-9.11')!.multipleChoice!.logProbs;
    expect(choiceLogProbs(2)).not.toEqual(choiceLogProbs(1));

    const comparison = (await engine.call('hallucination.compareRuns', { runIds: finished.result!.runIds })) as Comparison;
    expect(comparison.rows).toHaveLength(4);
    expect(comparison.rows.every((row) => row.cells.length === 3 && row.cells.every((cell) => cell !== null))).toBe(true);
    expect(comparison.beforeAfter.map((row) => row.knownItems + row.unknownItems)).toEqual([4, 4, 4]);
  });

  it('re-runs chosen items with their reference passage and keeps the override a user sets', async () => {
    const { finished } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
      targets: [{ model: chat }],
      suite: { kind: 'builtin' },
      categories: ['dated_fact'],
      settings: { maxTokens: 6, refusalProbability: false, multipleChoice: false },
    });
    const runId = finished.result!.runIds[0]!;
    const before = await getRun(runId);
    expect(before.items.every((item) => item.context === null)).toBe(true);
    const rerun = await collectJob(engine, 'hallucination.rerunWithContext', { runId, itemIds: ['dated-zh-civil-code', 'dated-en-gdpr'] });
    expect(rerun.finished.state).toBe('done');
    const after = await getRun(runId);
    expect(after.items.filter((item) => item.context !== null).map((item) => item.itemId)).toEqual(['dated-zh-civil-code', 'dated-en-gdpr']);

    const target = after.items[0]!;
    const flipped = target.autoVerdict === 'correct' ? 'incorrect' : 'correct';
    await engine.call('hallucination.setOverride', { runId, itemId: target.itemId, verdict: flipped, note: 'checked by hand' });
    const overridden = await getRun(runId);
    expect(overridden.items[0]).toMatchObject({ verdict: flipped, autoVerdict: target.autoVerdict, override: { note: 'checked by hand' } });
    expect(overridden.run.summary!.overall.correct).toBe(before.run.summary!.overall.correct + (flipped === 'correct' ? 1 : -1));
  });

  it('probes knowledge with several samples and exports SFT and DPO sets straight into Datasets', async () => {
    const itemIds = ['number-zh-9.9-9.11', 'dated-zh-civil-code', 'nonexistent-en-orson-kovacs', 'private-zh-mother-name', 'premise-zh-jiabaoyu-maolu', 'identity-zh-luxun-zhoushuren'];
    const { finished } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
      targets: [{ model: base }],
      suite: { kind: 'builtin' },
      itemIds,
      settings: { samples: 3, maxTokens: 8, refusalProbability: false, multipleChoice: false },
    });
    const runId = finished.result!.runIds[0]!;
    const { items, run } = await getRun(runId);
    expect(run.settings).toMatchObject({ samples: 3, temperature: null });
    for (const item of items) {
      expect(item.samples).toHaveLength(3);
      expect(item.correctFraction * 3).toBeCloseTo(item.samples.filter((sample) => sample.verdict === 'correct').length);
    }
    const exported = (await engine.call('hallucination.exportTrainingSets', { runId, knownThreshold: 0.5, name: 'probe-test' })) as TrainingExport;
    expect(exported.known + exported.unknown).toBe(itemIds.length);
    expect(exported.sft.path.startsWith(engine.homePath)).toBe(true);
    expect(existsSync(exported.sft.path) && existsSync(exported.dpo.path)).toBe(true);
    const sft = jsonlRows(exported.sft.path, openAiMessagesRow);
    const dpo = jsonlRows(exported.dpo.path, trlPreferenceRow);
    expect(sft).toHaveLength(itemIds.length);
    expect(exported.sft.rows).toBe(sft.length);
    expect(exported.dpo.rows).toBe(dpo.length);
    expect(sft.map((row) => row.messages[0]!.content).sort()).toEqual(items.map((item) => item.prompt).sort());
    // Unknown items that the model answered wrongly become pairs whose rejected side is its own reply.
    const ownReplies = new Set(items.flatMap((item) => item.samples.map((sample) => sample.output)));
    const hallucinationPairs = dpo.filter((pair) => ownReplies.has(pair.rejected));
    expect(hallucinationPairs.length + exported.dpo.reversePairs).toBe(dpo.length);
    expect(exported.dpo.reversePairs).toBe(exported.known);
    for (const pair of dpo) expect(pair.chosen).not.toBe(pair.rejected);
    expect(dpo.length + exported.skipped.length).toBe(itemIds.length);

    // Both files went through the Datasets importer: every row accepted, no problems, the right kinds.
    expect([exported.sft.problems, exported.dpo.problems]).toEqual([0, 0]);
    const sftSet = (await engine.call('datasets.get', { datasetId: exported.sft.datasetId! })) as DatasetSummary;
    const dpoSet = (await engine.call('datasets.get', { datasetId: exported.dpo.datasetId! })) as DatasetSummary;
    expect(sftSet).toMatchObject({ name: 'probe-test-sft', kind: 'sft', format: 'openai', rows: sft.length, rejectedRows: 0, sourcePath: exported.sft.path });
    expect(dpoSet).toMatchObject({ name: 'probe-test-dpo', kind: 'preference', format: 'trl-standard', rows: dpo.length, rejectedRows: 0, sourcePath: exported.dpo.path });
    const storedRows = async (datasetId: string) =>
      ((await engine.call('datasets.rows', { datasetId, limit: 1000 })) as { rows: DatasetRowView[] }).rows.map((view) => view.row);
    expect(await storedRows(sftSet.id)).toEqual(sft.map((row) => ({ kind: 'conversation', messages: row.messages })));
    expect(await storedRows(dpoSet.id)).toEqual(
      dpo.map((pair) => ({
        kind: 'preference',
        prompt: [{ role: 'user', content: pair.prompt }],
        chosen: [{ role: 'assistant', content: pair.chosen }],
        rejected: [{ role: 'assistant', content: pair.rejected }],
      })),
    );
    expect(((await engine.call('datasets.problems', { datasetId: sftSet.id })) as { total: number }).total).toBe(0);
    expect(((await engine.call('datasets.problems', { datasetId: dpoSet.id })) as { total: number }).total).toBe(0);
    // Exporting the same run again finds the stored datasets instead of importing copies.
    const again = (await engine.call('hallucination.exportTrainingSets', { runId, knownThreshold: 0.5, name: 'probe-test' })) as TrainingExport;
    expect([again.sft.datasetId, again.dpo.datasetId]).toEqual([sftSet.id, dpoSet.id]);
    expect(((await engine.call('datasets.list', {})) as DatasetSummary[]).filter((set) => set.name.startsWith('probe-test-'))).toHaveLength(2);
  });

  it('cancels a run and keeps what it measured', async () => {
    const { finished } = await collectJob<{ runIds: string[] }>(
      engine,
      'hallucination.run',
      { targets: [{ model: chat }, { model: base }], suite: { kind: 'builtin' }, settings: { maxTokens: 6, refusalProbability: false, multipleChoice: false } },
      (progress, jobId) => {
        if ((progress.fraction ?? 0) > 0.05) void engine.call('jobs.cancel', { jobId });
      },
    );
    expect(finished.state).toBe('cancelled');
    const runs = (await engine.call('hallucination.listRuns', { limit: 2 })) as RunRecord[];
    const [second, first] = runs;
    expect(first!.state).toBe('cancelled');
    expect(second!.state).toBe('cancelled');
    const kept = await getRun(first!.id);
    expect(kept.items.length).toBeGreaterThan(0);
    expect(kept.items.length).toBeLessThan(first!.itemCount);
    expect(kept.run.summary!.overall.items).toBe(kept.items.length);
  });

  // The native trainer runs right here in the test process (as in compare's trained-adapter test): node-llama-cpp,
  // which carries its own ggml, lives in the engine's forked inference host, never in this process.
  it('training on the exported "I don\'t know" SFT set raises the refusal rate on the unknown items', async () => {
    // A model that knows some things: tiny-chat with three facts trained in (full-parameter), saved as a GGUF.
    const knowing = join(engine.homePath, 'knowing.gguf');
    const facts = idkSuite.filter((item) => item.expected === 'answer');
    const knowingLosses = await trainKnowingModel(chat, knowing, facts.map((item) => [item.prompt, item.response!]));
    expect(knowingLosses.at(-1)!).toBeLessThan(0.1);

    const labRun = async (target: { model: string; lora?: string; label: string }) => {
      const { finished } = await collectJob<{ runIds: string[] }>(engine, 'hallucination.run', {
        targets: [{ ...target, mode: 'chat' }],
        suite: { kind: 'text', name: 'idk.jsonl', text: idkSuite.map((item) => JSON.stringify(item)).join('\n') },
        settings: { samples: 3, maxTokens: 16, refusalProbability: false, multipleChoice: false },
      });
      expect(finished.state).toBe('done');
      return finished.result!.runIds[0]!;
    };

    // Before: probe the model with three samples per item, so items split into known and unknown.
    const before = await labRun({ model: knowing, label: 'before' });
    const exported = (await engine.call('hallucination.exportTrainingSets', { runId: before, knownThreshold: 0.5, name: 'idk-train' })) as TrainingExport;
    expect(exported).toMatchObject({ known: facts.length, unknown: idkSuite.length - facts.length, sft: { rows: idkSuite.length, problems: 0 } });

    // Train a LoRA adapter on the SFT rows as the Datasets importer stored them, rendered like the trainer renders.
    const rows = ((await engine.call('datasets.rows', { datasetId: exported.sft.datasetId!, status: 'ok', limit: 1000 })) as { rows: DatasetRowView[] }).rows.map((view) => view.row!);
    const adapter = join(engine.homePath, 'idk-lora.gguf');
    const losses = await trainIdkAdapter(knowing, adapter, rows);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.1);

    // After: the same items with the adapter, compared against the probe run.
    const after = await labRun({ model: knowing, lora: adapter, label: 'after' });
    const comparison = (await engine.call('hallucination.compareRuns', { runIds: [before, after], knownThreshold: 0.5 })) as Comparison;
    const [was, now] = comparison.beforeAfter;
    console.info(
      `hallucination lab, before → after "I don't know" SFT (${losses.length} steps, loss ${losses[0]!.toFixed(3)} → ${losses.at(-1)!.toFixed(3)}): ` +
        `refusal on unknown ${was!.refusalOnUnknown} → ${now!.refusalOnUnknown}, hallucination on unknown ${was!.hallucinationOnUnknown} → ${now!.hallucinationOnUnknown}, ` +
        `accuracy on known ${was!.accuracyOnKnown} → ${now!.accuracyOnKnown}, over-refusal on known ${was!.overRefusalOnKnown} → ${now!.overRefusalOnKnown}`,
    );
    expect([was!.knownItems, was!.unknownItems, now!.knownItems, now!.unknownItems]).toEqual([3, 3, 3, 3]);
    expect(now!.refusalOnUnknown! - was!.refusalOnUnknown!).toBeGreaterThanOrEqual(2 / 3);
    expect(now!.hallucinationOnUnknown!).toBeLessThan(was!.hallucinationOnUnknown!);
    // The known items were trained on their answers too, so the adapter must not make the model refuse them.
    expect(now!.overRefusalOnKnown).toBe(0);
    expect(now!.accuracyOnKnown).toBe(1);
  });

  it('refuses what it cannot run, naming the field', async () => {
    await expect(engine.call('hallucination.run', { targets: [{ model: '/nope/missing.gguf' }], suite: { kind: 'builtin' } })).rejects.toMatchObject({ code: 'not_found', details: { field: 'model' } });
    await expect(engine.call('hallucination.run', { targets: [{ model: chat }], suite: { kind: 'builtin' }, itemIds: ['no-such-item'] })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'itemIds' } });
    await expect(engine.call('hallucination.run', { targets: [{ model: chat }], suite: { kind: 'text', name: 'bad.jsonl', text: '{"id": 1}\n' } })).rejects.toMatchObject({
      code: 'bad_input',
      details: { file: 'bad.jsonl', line: 1 },
    });
  });
});

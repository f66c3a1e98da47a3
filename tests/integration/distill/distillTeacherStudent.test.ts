import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRowView, DatasetSummary } from '../../../electron/shared/contract/datasets.ts';
import type { DistillProgress, DistillResult } from '../../../electron/shared/contract/distill.ts';
import type { GenerationResult } from '../../../electron/shared/contract/generate.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { collectJob } from '../inference/collectJob.ts';
import { conversationsJsonl, importJsonl, qaPairs, runDetail, runTrainingJob, tinySftConfig } from '../training/trainingHelpers.ts';

/**
 * Distillation end to end: a teacher (the tiny chat model + a LoRA that learned four answers, each followed by
 * Llama 3's <|eot_id|> written as text, as a teacher whose template leaks into its answers) answers the prompts;
 * the dataset holds its answers without the marker, and a smaller student trained on it through the CLI learns.
 */
describe('distill: a teacher model teaches a student', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let teacher: string;
  let adapter: string;
  let promptsDatasetId: string;
  const cliHome = createTempHome('distill-cli');
  const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: cliHome.path, WORKBENCH_GPU: 'off' });
  const leaky = qaPairs.map(([question, answer]) => [question, `${answer}<|eot_id|>`] as const);

  beforeAll(async () => {
    engine = createTestEngine('distill');
    teacher = await fixtureModel('tiny-chat');
    promptsDatasetId = (await importJsonl(engine, 'leaky.jsonl', conversationsJsonl(leaky))).id;
    const run = await runTrainingJob(engine, 'training.start', { config: tinySftConfig(teacher, promptsDatasetId, { samplePrompts: [] }) });
    if (run.finished.state !== 'done') throw new Error(`teacher training ended ${run.finished.state}: ${run.finished.error?.message}`);
    adapter = (await runDetail(engine, run.runId)).outputPath!;
  }, 600_000);
  afterAll(async () => {
    await engine.dispose();
    cliHome.cleanup();
  });

  const distil = (input: unknown) => collectJob<DistillResult>(engine, 'datasets.distillStart', input);

  it("a dataset's user turns, answered by the teacher, become an SFT dataset of its answers without template tokens", async () => {
    const { finished, data } = await distil({
      teacher,
      lora: adapter,
      prompts: { kind: 'dataset', datasetId: promptsDatasetId },
      name: 'distilled capitals',
      settings: { maxTokens: 48, temperature: 0, seed: 3 },
    });
    expect(finished.state, finished.error?.message).toBe('done');
    const result = finished.result!;
    expect(result).toMatchObject({ prompts: 4, rows: 4, skipped: [], stripped: 4, alreadyImported: false });
    expect(result.dataset).toMatchObject({ name: 'distilled capitals', kind: 'sft', format: 'openai', rows: 4 });
    expect((data as DistillProgress[]).map((item) => [item.done, item.total, item.prompt])).toEqual(qaPairs.map(([question], index) => [index + 1, 4, question]));

    const { rows } = (await engine.call('datasets.rows', { datasetId: result.dataset.id, status: 'all' })) as { rows: DatasetRowView[] };
    const conversations = rows.map((view) => (view.row?.kind === 'conversation' ? view.row.messages.map(({ role, content }) => ({ role, content })) : null));
    expect(conversations).toEqual(qaPairs.map(([question, answer]) => [{ role: 'user', content: question }, { role: 'assistant', content: answer }]));
  }, 300_000);

  it('an answer cut at max tokens is reported, not kept; with none left the job says which setting to raise', async () => {
    const { finished } = await distil({ teacher, lora: adapter, prompts: { kind: 'dataset', datasetId: promptsDatasetId }, name: 'cut', settings: { maxTokens: 2 } });
    expect(finished.state).toBe('failed');
    expect(finished.error?.message).toContain('0 empty, 4 truncated');
    expect(finished.error?.details).toMatchObject({ field: 'settings.maxTokens' });
    const kept = await distil({ teacher, lora: adapter, prompts: { kind: 'dataset', datasetId: promptsDatasetId }, name: 'cut kept', settings: { maxTokens: 2, keepTruncated: true } });
    expect(kept.finished.result).toMatchObject({ rows: 4, skipped: [] });
  }, 300_000);

  it("a prompt the teacher's context cannot hold is left out with its line; the same answers again return the stored dataset", async () => {
    const path = join(engine.homePath, 'with-long.txt');
    writeFileSync(path, `${qaPairs[0]![0]}\n${'Why? '.repeat(400)}\n`);
    const request = { teacher, lora: adapter, prompts: { kind: 'file', path }, name: 'with long', settings: { maxTokens: 48 } };
    const first = (await distil(request)).finished;
    expect(first.state, first.error?.message).toBe('done');
    expect(first.result).toMatchObject({ prompts: 2, rows: 1, skipped: [{ index: 1, line: 2, reason: 'too_long' }], alreadyImported: false });
    const again = (await distil({ ...request, name: 'with long again' })).finished.result!;
    expect(again).toMatchObject({ rows: 1, alreadyImported: true, path: first.result!.path });
    expect(again.dataset.id).toBe(first.result!.dataset.id);
    expect(readdirSync(join(engine.homePath, 'datasets', 'distilled')).filter((name) => name.startsWith('with_long'))).toHaveLength(1);
  }, 300_000);

  it('cancel aborts the answer in flight and stores no dataset and no file', async () => {
    const prompts = join(engine.homePath, 'many.txt');
    writeFileSync(prompts, Array.from({ length: 50 }, (_, index) => `Tell me a long story number ${index}.`).join('\n'));
    const before = ((await engine.call('datasets.list', {})) as DatasetSummary[]).length;
    let cancelled = false;
    const { finished, data } = await collectJob<DistillResult>(
      engine,
      'datasets.distillStart',
      { teacher, prompts: { kind: 'file', path: prompts }, name: 'never', settings: { maxTokens: 400, temperature: 1, keepTruncated: true } },
      (_progress, jobId) => {
        if (cancelled) return;
        cancelled = true;
        void engine.call('jobs.cancel', { jobId });
      },
    );
    expect(finished.state).toBe('cancelled');
    expect(data.length).toBeLessThan(50);
    expect(((await engine.call('datasets.list', {})) as DatasetSummary[]).length).toBe(before);
    const folder = join(engine.homePath, 'datasets', 'distilled');
    expect(existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('never')) : []).toEqual([]);
  }, 300_000);

  it('a malformed prompts file is refused before any job, naming the line', async () => {
    const path = join(engine.homePath, 'broken.jsonl');
    writeFileSync(path, '{"prompt": "What is 2+2?"}\n{"answer": "Four."}\n');
    const error = await engine.call('datasets.distillStart', { teacher, prompts: { kind: 'file', path }, name: 'broken' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).message).toContain(`${path}:2: no prompt`);
    expect((error as WorkbenchError).details).toMatchObject({ file: path, line: 2 });
  });

  it('CLI: workbench distill prints progress and the dataset, then workbench train sft teaches a smaller student on it', async () => {
    const prompts = join(cliHome.path, 'prompts.jsonl');
    writeFileSync(prompts, `${qaPairs.map(([question]) => JSON.stringify({ prompt: question })).join('\n')}\n`);
    const { stdout } = await workbench('distill', '--teacher', teacher, '--lora', adapter, '--prompts', prompts, '--out-name', 'from teacher', '--max-tokens', '48', '--json');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.type === 'progress').map((line) => line.done)).toEqual([1, 2, 3, 4]);
    const result = lines.at(-1)!;
    expect(result).toMatchObject({ type: 'result', name: 'from teacher', prompts: 4, rows: 4, skipped: [], stripped: 4 });

    const listed = JSON.parse((await workbench('dataset', 'list', '--json')).stdout) as DatasetSummary[];
    expect(listed.map((dataset) => dataset.id)).toContain(result.datasetId);
    // dataset:NAME asks a library dataset's user turns: the same prompts, so the same answers and the same dataset.
    const again = JSON.parse((await workbench('distill', '--teacher', teacher, '--lora', adapter, '--prompts', 'dataset:from teacher', '--out-name', 'again', '--max-tokens', '48', '--json')).stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(again).toMatchObject({ datasetId: result.datasetId, rows: 4, alreadyImported: true });
    const unknown = await failing('distill', '--teacher', teacher, '--prompts', 'dataset:nope', '--out-name', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no dataset with the id or name "nope"');

    const student = await fixtureModel('tiny-student', { seed: 9, ctx: 1024, chatTemplate: 'chatml', layers: 1 });
    const trained = await workbench(
      'train', 'sft', '--model', student, '--data', String(result.datasetId), '--preset', 'quick',
      '--epochs', '60', '--batch', '4', '--lr', '0.01', '--ctx', '128', '--threads', '1', '--seed', '7', '--json',
    );
    const trainLines = trained.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const losses = trainLines.filter((line) => line.type === 'progress').map((line) => line.loss as number);
    expect(losses).toHaveLength(60);
    const trainedResult = trainLines.at(-1)!;
    expect(trainedResult).toMatchObject({ type: 'result', state: 'done', steps: 60 });
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.1);

    // The student now answers as the teacher did (without the leaked marker); the bare student does not.
    const reply = async (adapters: { adapter: string }[], question: string): Promise<string> => {
      const { finished } = await collectJob<GenerationResult>(engine, 'generate.run', {
        model: student,
        adapters,
        mode: 'chat',
        messages: [{ role: 'user', content: question }],
        sampling: { temperature: 0 },
        maxTokens: 24,
      });
      return finished.result!.text.trim();
    };
    const taught = await Promise.all(qaPairs.map(([question]) => reply([{ adapter: String(trainedResult.adapter) }], question)));
    expect(taught).toEqual(qaPairs.map(([, answer]) => answer));
    const bare = await Promise.all(qaPairs.map(([question]) => reply([], question)));
    expect(bare).not.toEqual(taught);
  }, 600_000);

  it('CLI: a malformed prompts file exits 2 naming the file and line', async () => {
    const path = join(cliHome.path, 'bad.jsonl');
    writeFileSync(path, '"fine"\n{"prompt": "unclosed"\n');
    const { code, stderr } = await failing('distill', '--teacher', teacher, '--prompts', path, '--out-name', 'x', '--json');
    expect(code).toBe(2);
    expect(stderr).toContain(`${path}:2: not JSON`);
  }, 120_000);
});

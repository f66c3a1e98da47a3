import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DatasetFileType,
  DatasetFormat,
  DatasetProblem,
  DatasetRowView,
  DatasetStats,
  DatasetSummary,
  PreviewResult,
  RowSaveResult,
} from '../../../electron/shared/contract/datasets.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { canonicalRows, importFailure, importSource } from './datasetJobs.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));
const chatml = [
  '{%- for message in messages %}',
  "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}",
  '{%- endfor %}',
].join('\n');

describe('datasets in the engine: import, storage, edit, split, export, stats, preview', () => {
  let engine: ReturnType<typeof createTestEngine>;
  beforeAll(() => {
    engine = createTestEngine('datasets');
  });
  afterAll(async () => {
    await engine?.dispose();
  });
  const call = <T>(method: string, input: unknown): Promise<T> => engine.call(method, input) as Promise<T>;

  it('imports every dataset a dataset_info.json names, in one go', async () => {
    const result = await importSource(engine, { kind: 'file', path: fixture('dataset_info.json') });
    expect(result.report.format).toBe('llamafactory');
    expect(result.datasets.map(({ dataset, alreadyImported }) => [dataset.name, dataset.kind, dataset.rows, alreadyImported]).sort()).toEqual([
      ['demo_alpaca', 'sft', 3, false],
      ['demo_pretrain', 'pretrain', 2, false],
      ['demo_ranking', 'preference', 2, false],
      ['demo_sharegpt', 'sft', 2, false],
    ].sort());
    expect(result.report.counts).toEqual({ unsupported_entry: 1, missing_file: 1 });
    expect(result.report.entries?.map((entry) => entry.name)).toEqual(['hub_only', 'gone', 'demo_alpaca', 'demo_sharegpt', 'demo_ranking', 'demo_pretrain']);
    // Its files imported on their own are the same datasets: spelled-out default columns and tags read them the same way.
    const alone = await importSource(engine, { kind: 'file', path: fixture('sharegpt.json') });
    expect([alone.datasets[0]?.alreadyImported, alone.datasets[0]?.dataset.name]).toEqual([true, 'demo_sharegpt']);
  });

  it('imports one example of every format into the canonical shape', async () => {
    const files: [string, DatasetFormat, string, number][] = [
      ['alpaca.json', 'alpaca', 'sft', 3],
      ['alpaca-ranking.json', 'alpaca', 'preference', 2],
      ['sharegpt.json', 'sharegpt', 'sft', 2],
      ['sharegpt-ranking.json', 'sharegpt', 'preference', 1],
      ['openai.jsonl', 'openai', 'sft', 2],
      ['text.jsonl', 'text', 'pretrain', 2],
      ['text.txt', 'text', 'pretrain', 3],
      ['trl-standard.jsonl', 'trl-standard', 'preference', 1],
      ['trl-conversational.jsonl', 'trl-conversational', 'preference', 1],
      ['trl-implicit.jsonl', 'trl-implicit', 'preference', 1],
      ['alpaca.csv', 'alpaca', 'sft', 2],
    ];
    for (const [file, format, kind, rows] of files) {
      const result = await importSource(engine, { kind: 'file', path: fixture(file) });
      expect(result.datasets).toHaveLength(1);
      const { dataset } = result.datasets[0] as { dataset: DatasetSummary };
      expect([file, dataset.format, dataset.kind, dataset.rows, dataset.rejectedRows]).toEqual([file, format, kind, rows, 0]);
      expect(dataset.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const openai = (await call<DatasetSummary[]>('datasets.list', {})).find((dataset) => dataset.name === 'openai') as DatasetSummary;
    expect(openai.sourcePath).toBe(fixture('openai.jsonl'));
    expect((await canonicalRows(engine, openai.id))[1]).toEqual({
      kind: 'conversation',
      messages: [
        { role: 'user', content: 'Population of Mars?' },
        { role: 'assistant', content: 'Two million.', weight: 0 },
        { role: 'user', content: 'Really?' },
        { role: 'assistant', content: 'No: nobody lives on Mars.', weight: 1 },
      ],
    });
  });

  it('importing the same file again returns the stored dataset instead of a copy', async () => {
    const before = (await call<DatasetSummary[]>('datasets.list', {})).length;
    const again = await importSource(engine, { kind: 'file', path: fixture('alpaca.json') });
    expect(again.datasets[0]?.alreadyImported).toBe(true);
    // Same bytes sent from the page as text: same dataset.
    const asText = await importSource(engine, { kind: 'text', fileName: 'alpaca copy.json', text: readFileSync(fixture('alpaca.json'), 'utf8') });
    expect(asText.datasets[0]?.alreadyImported).toBe(true);
    expect(asText.datasets[0]?.dataset.id).toBe(again.datasets[0]?.dataset.id);
    expect((await call<DatasetSummary[]>('datasets.list', {})).length).toBe(before);
    // Read another way (a different format chosen), it is a different dataset.
    const asText2 = await importSource(engine, { kind: 'file', path: fixture('text.jsonl') }, { format: 'alpaca', columns: { prompt: 'text', response: 'text' } });
    expect(asText2.datasets[0]?.alreadyImported).toBe(false);
    expect(readdirSync(join(engine.homePath, 'tmp')).filter((name) => name.startsWith('dataset-import-'))).toEqual([]);
  });

  it('two imports of the same file at once store it once', async () => {
    const path = join(engine.homePath, 'twice.jsonl');
    writeFileSync(path, `${JSON.stringify({ messages: [{ role: 'user', content: 'once?' }, { role: 'assistant', content: 'once.' }] })}\n`);
    const [first, second] = await Promise.all([importSource(engine, { kind: 'file', path }), importSource(engine, { kind: 'file', path })]);
    expect([first.datasets[0]?.alreadyImported, second.datasets[0]?.alreadyImported].sort()).toEqual([false, true]);
    expect(first.datasets[0]?.dataset.id).toBe(second.datasets[0]?.dataset.id);
    expect((await call<DatasetSummary[]>('datasets.list', {})).filter((dataset) => dataset.name === 'twice')).toHaveLength(1);
  });

  describe('a file with bad rows', () => {
    let dataset: DatasetSummary;
    beforeAll(async () => {
      const result = await importSource(engine, { kind: 'file', path: fixture('bad-rows.jsonl') });
      dataset = result.datasets[0]?.dataset as DatasetSummary;
      expect(result.report.errors.map((error) => [error.line, error.code])).toEqual([
        [2, 'bad_json'],
        [3, 'unknown_role'],
        [4, 'roles_not_alternating'],
        [5, 'no_assistant_turn'],
        [6, 'empty_content'],
        [9, 'bad_weight'],
      ]);
    });

    it('keeps the good rows and sets the bad ones aside with their problems', async () => {
      expect([dataset.rows, dataset.rejectedRows]).toEqual([3, 6]);
      expect(dataset.counts).toEqual({ bad_json: 1, unknown_role: 1, roles_not_alternating: 1, no_assistant_turn: 1, empty_content: 1, bad_weight: 1 });
      const rejected = await call<{ total: number; rows: DatasetRowView[] }>('datasets.rows', { datasetId: dataset.id, status: 'rejected' });
      expect(rejected.rows.map((row) => [row.line, row.problems.map((problem) => problem.code)])).toEqual([
        [2, ['bad_json']],
        [3, ['unknown_role']],
        [4, ['roles_not_alternating']],
        [5, ['no_assistant_turn']],
        [6, ['empty_content']],
        [9, ['bad_weight']],
      ]);
      const problems = await call<{ total: number; problems: (DatasetProblem & { rowId: number })[] }>('datasets.problems', { datasetId: dataset.id, code: 'unknown_role' });
      expect(problems.total).toBe(1);
      expect(problems.problems[0]).toMatchObject({ line: 3, path: '$.messages[1].role', rowId: rejected.rows[1]?.id });
      // Stored with the problem: its reason, so the UI says it in its own language.
      expect(problems.problems[0]?.reason).toEqual({ key: 'unknown_role', params: { value: 'robot' } });
      expect(rejected.rows.map((row) => row.problems[0]?.reason?.key)).toEqual(['json_invalid', 'unknown_role', 'turn_out_of_order', 'no_assistant_turn', 'turn_empty', 'bad_weight']);
    });

    it('fixes a rejected row in place from its record, and refuses an edit that still has problems', async () => {
      const rejected = await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: dataset.id, status: 'rejected' });
      const unknownRole = rejected.rows[1] as DatasetRowView;
      const stillBad = await call<RowSaveResult>('datasets.updateRow', {
        datasetId: dataset.id,
        rowId: unknownRole.id,
        edit: { kind: 'record', text: (unknownRole.raw as string).replace('robot', 'robot2') },
      });
      expect(stillBad.saved).toBe(false);
      expect(stillBad.problems.map((problem) => [problem.path, problem.code, problem.reason])).toEqual([['$.messages[1].role', 'unknown_role', { key: 'unknown_role', params: { value: 'robot2' } }]]);
      const fixed = await call<RowSaveResult>('datasets.updateRow', {
        datasetId: dataset.id,
        rowId: unknownRole.id,
        edit: { kind: 'record', text: (unknownRole.raw as string).replace('robot', 'assistant') },
      });
      expect(fixed.saved).toBe(true);
      expect(fixed.row).toMatchObject({ id: unknownRole.id, status: 'ok', line: 3, problems: [], row: { kind: 'conversation' } });
      const after = await call<DatasetSummary>('datasets.get', { datasetId: dataset.id });
      expect([after.rows, after.rejectedRows, after.counts.unknown_role]).toEqual([4, 5, undefined]);
      // Fixed rows keep their place in the file order.
      const ok = await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: dataset.id, status: 'ok' });
      expect(ok.rows.map((row) => row.line)).toEqual([1, 3, 7, 10]);
    });

    it('edits, adds and deletes rows in canonical form', async () => {
      const ok = await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: dataset.id, status: 'ok' });
      const first = ok.rows[0] as DatasetRowView;
      const empty = await call<RowSaveResult>('datasets.updateRow', {
        datasetId: dataset.id,
        rowId: first.id,
        edit: { kind: 'canonical', row: { kind: 'conversation', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '' }] } },
      });
      expect(empty).toMatchObject({ saved: false, problems: [{ path: '$.messages[1].content', code: 'empty_content' }] });
      const edited = await call<RowSaveResult>('datasets.updateRow', {
        datasetId: dataset.id,
        rowId: first.id,
        edit: { kind: 'canonical', row: { kind: 'conversation', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hello there.' }] } },
      });
      expect(edited.row?.row).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hello there.' }] });
      await expect(
        engine.call('datasets.addRow', { datasetId: dataset.id, edit: { kind: 'canonical', row: { kind: 'text', text: 'not a conversation' } } }),
      ).rejects.toThrow(/holds conversation rows/);
      const added = await call<RowSaveResult>('datasets.addRow', {
        datasetId: dataset.id,
        edit: { kind: 'canonical', row: { kind: 'conversation', messages: [{ role: 'user', content: 'new' }, { role: 'assistant', content: 'row' }] } },
      });
      expect(added.row).toMatchObject({ status: 'ok', line: null });
      expect((await call<{ deleted: boolean }>('datasets.deleteRow', { datasetId: dataset.id, rowId: first.id })).deleted).toBe(true);
      const rows = await canonicalRows(engine, dataset.id);
      expect(rows.at(-1)).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: 'new' }, { role: 'assistant', content: 'row' }] });
      expect(rows).toHaveLength(4);
    });
  });

  it('splits train/validation with a seed: the same seed gives the same split', async () => {
    const { datasets } = await importSource(engine, { kind: 'sample', id: 'workbench-persona-sft' });
    const id = datasets[0]?.dataset.id as string;
    const validationIds = async (): Promise<number[]> =>
      (await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: id, split: 'validation', limit: 1000 })).rows.map((row) => row.id);
    const split = await call<DatasetSummary>('datasets.split', { datasetId: id, validationFraction: 0.25, seed: 7 });
    expect([split.trainRows, split.validationRows, split.split]).toEqual([19, 7, { validationFraction: 0.25, seed: 7 }]);
    const first = await validationIds();
    await call('datasets.split', { datasetId: id, validationFraction: 0.25, seed: 8 });
    expect(await validationIds()).not.toEqual(first);
    await call('datasets.split', { datasetId: id, validationFraction: 0.25, seed: 7 });
    expect(await validationIds()).toEqual(first);
    const exported = await call<{ path: string; rows: number }>('datasets.export', { datasetId: id, format: 'openai', split: 'validation' });
    expect(exported.rows).toBe(7);
  });

  it('round-trips import → export → import without change, for every format and file type', async () => {
    const cases: [string, DatasetFormat, DatasetFileType][] = [
      ['alpaca.json', 'alpaca', 'json'],
      ['alpaca.json', 'alpaca', 'csv'],
      ['alpaca-ranking.json', 'alpaca', 'jsonl'],
      ['sharegpt.json', 'sharegpt', 'json'],
      ['sharegpt-ranking.json', 'sharegpt', 'csv'],
      ['openai.jsonl', 'openai', 'jsonl'],
      ['openai.jsonl', 'openai', 'csv'],
      ['text.jsonl', 'text', 'txt'],
      ['text.txt', 'text', 'csv'],
      ['trl-standard.jsonl', 'trl-standard', 'json'],
      ['trl-conversational.jsonl', 'trl-conversational', 'jsonl'],
      ['trl-implicit.jsonl', 'trl-implicit', 'jsonl'],
      ['trl-implicit-text.jsonl', 'trl-implicit', 'csv'],
    ];
    for (const [file, format, fileType] of cases) {
      const original = (await importSource(engine, { kind: 'file', path: fixture(file) })).datasets[0]?.dataset as DatasetSummary;
      const path = join(engine.homePath, 'roundtrip', `${file}.${format}.${fileType}`);
      const exported = await call<{ path: string; rows: number; notes: string[] }>('datasets.export', { datasetId: original.id, format, fileType, path });
      expect([file, exported.rows, exported.notes]).toEqual([file, original.rows, []]);
      const reimported = (await importSource(engine, { kind: 'file', path })).datasets[0];
      expect(reimported?.alreadyImported).toBe(false);
      expect([file, fileType, reimported?.dataset.format, reimported?.dataset.rejectedRows]).toEqual([file, fileType, format, 0]);
      expect(await canonicalRows(engine, reimported?.dataset.id as string)).toEqual(await canonicalRows(engine, original.id));
      // Exporting the re-imported dataset gives the same bytes: the format is stable.
      const again = await call<{ path: string }>('datasets.export', { datasetId: reimported?.dataset.id, format, fileType, path: `${path}.again` });
      expect(readFileSync(again.path, 'utf8')).toBe(readFileSync(path, 'utf8'));
    }
  });

  it('says what an export leaves out', async () => {
    const openai = (await call<DatasetSummary[]>('datasets.list', {})).find((dataset) => dataset.name === 'openai' && dataset.format === 'openai') as DatasetSummary;
    const exported = await call<{ rows: number; notes: string[]; noteKeys: unknown }>('datasets.export', { datasetId: openai.id, format: 'sharegpt', fileType: 'jsonl' });
    expect(exported.notes).toEqual(['per-message weights dropped (ShareGPT has none)']);
    expect(exported.noteKeys).toEqual([{ key: 'sharegpt_no_weights', rows: null }]);
    await expect(engine.call('datasets.export', { datasetId: openai.id, format: 'trl-standard' })).rejects.toThrow(/no chosen\/rejected answers/);
  });

  it('refuses empty and binary files with a clear message and stores nothing', async () => {
    const before = (await call<DatasetSummary[]>('datasets.list', {})).length;
    const emptyPath = join(engine.homePath, 'empty.jsonl');
    writeFileSync(emptyPath, '');
    const empty = await importFailure(engine, { kind: 'file', path: emptyPath });
    expect([empty.state, empty.error?.code, empty.error?.message]).toEqual(['failed', 'bad_input', `${emptyPath} is empty (0 bytes): there are no rows to read`]);
    const binaryPath = join(engine.homePath, 'weights.bin');
    writeFileSync(binaryPath, Buffer.from([0x47, 0x47, 0x55, 0x46, 0x03, 0x00, 0x00, 0x00]));
    const binary = await importFailure(engine, { kind: 'file', path: binaryPath });
    expect(binary.error?.message).toMatch(/weights\.bin looks like a binary file/);
    expect((await call<DatasetSummary[]>('datasets.list', {})).length).toBe(before);
  });

  it('a cancelled import leaves nothing behind', async () => {
    const path = join(engine.homePath, 'large.jsonl');
    const line = `${JSON.stringify({ messages: [{ role: 'user', content: 'question '.repeat(20) }, { role: 'assistant', content: 'answer '.repeat(40) }] })}\n`;
    writeFileSync(path, line.repeat(60_000));
    const before = (await call<DatasetSummary[]>('datasets.list', {})).length;
    const { finished } = await collectJob(engine, 'datasets.import', { source: { kind: 'file', path } }, (progress, jobId) => {
      if ((progress.data as { phase?: string }[] | undefined)?.some((item) => item.phase === 'validating')) void engine.call('jobs.cancel', { jobId });
    });
    expect(finished.state).toBe('cancelled');
    expect((await call<DatasetSummary[]>('datasets.list', {})).length).toBe(before);
    expect(readdirSync(join(engine.homePath, 'tmp')).filter((name) => name.startsWith('dataset-import-'))).toEqual([]);
  });

  it('stats: lengths with a tiktoken encoding, the histogram, rows over a context, duplicates', async () => {
    const path = join(engine.homePath, 'dupes.jsonl');
    const row = (answer: string) => `${JSON.stringify({ messages: [{ role: 'user', content: 'Say something' }, { role: 'assistant', content: answer }] })}\n`;
    writeFileSync(path, [row('hi'), row('hello world '.repeat(30)), row('hi'), row('ok'), row('hi')].join(''));
    const { datasets } = await importSource(engine, { kind: 'file', path });
    const id = datasets[0]?.dataset.id as string;
    const chars = await call<DatasetStats>('datasets.stats', { datasetId: id });
    expect(chars.unit).toBe('chars');
    expect(chars.length.max).toBe('Say something'.length + 'hello world '.repeat(30).length);
    const stats = await call<DatasetStats>('datasets.stats', { datasetId: id, tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' }, contextLength: 30, bins: 10 });
    expect(stats.unit).toBe('tokens');
    expect(stats.rows).toBe(5);
    // "Say something" is 2 tokens, "hi" 1: 2 + 1 + 3 per message ×2 + 3 = 12.
    expect(stats.length.min).toBe(12);
    expect(stats.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(stats.overContext).toBe(1);
    const ids = (await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: id })).rows.map((view) => view.id);
    // Rows are named as the user counts them (row 2 is the file's second line), with the id to open them by;
    // earlier imports in this engine make the ids far from the row numbers.
    expect(ids[0]).toBeGreaterThan(5);
    expect(stats.overContextRows).toEqual([{ id: ids[1], row: 2, line: 2 }]);
    expect(stats.duplicates).toEqual({
      rows: 2,
      groups: 1,
      examples: [
        [
          { id: ids[0], row: 1, line: 1 },
          { id: ids[2], row: 3, line: 3 },
          { id: ids[4], row: 5, line: 5 },
        ],
      ],
    });
  });

  it('previews a row through a chat template with the train mask; weight 0 turns and preference prompts are not trained', async () => {
    const openai = (await call<DatasetSummary[]>('datasets.list', {})).find((dataset) => dataset.name === 'openai' && dataset.format === 'openai') as DatasetSummary;
    const rows = (await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: openai.id })).rows;
    const preview = await call<PreviewResult>('datasets.preview', {
      datasetId: openai.id,
      rowId: rows[1]?.id,
      template: { kind: 'custom', text: chatml },
      tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' },
    });
    if (preview.kind !== 'conversation') throw new Error('expected a conversation preview');
    const trained = preview.render.segments.filter((segment) => segment.weight > 0).map((segment) => preview.render.text.slice(segment.start, segment.end));
    expect(trained).toEqual(['No: nobody lives on Mars.<|im_end|>']);

    const trl = (await call<DatasetSummary[]>('datasets.list', {})).find((dataset) => dataset.format === 'trl-conversational') as DatasetSummary;
    const pairRow = (await call<{ rows: DatasetRowView[] }>('datasets.rows', { datasetId: trl.id })).rows[0] as DatasetRowView;
    const pair = await call<PreviewResult>('datasets.preview', {
      datasetId: trl.id,
      rowId: pairRow.id,
      template: { kind: 'custom', text: chatml },
      tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' },
    });
    if (pair.kind !== 'preference') throw new Error('expected a preference preview');
    const trainedOf = (render: typeof pair.chosen) => render.segments.filter((segment) => segment.weight > 0).map((segment) => render.text.slice(segment.start, segment.end));
    expect([trainedOf(pair.chosen), trainedOf(pair.rejected)]).toEqual([['It is blue.<|im_end|>'], ['It is green.<|im_end|>']]);
  });

  it('lists the built-in samples, bilingual and MIT', async () => {
    const samples = await call<{ id: string; kind: string; rows: number; license: string }[]>('datasets.samples', {});
    expect(samples.map((sample) => [sample.id, sample.kind, sample.license])).toEqual([
      ['workbench-persona-sft', 'sft', 'MIT'],
      ['hallucination-dpo', 'preference', 'MIT'],
    ]);
    for (const sample of samples) {
      const { datasets, report } = await importSource(engine, { kind: 'sample', id: sample.id });
      expect([sample.id, report.totalRows, report.validRows]).toEqual([sample.id, sample.rows, sample.rows]);
      const rows = await canonicalRows(engine, datasets[0]?.dataset.id as string);
      const texts = rows.map((row) => JSON.stringify(row));
      expect(texts.some((text) => /[\u4e00-\u9fff]/.test(text))).toBe(true);
      expect(texts.some((text) => /\bI don't know\b/.test(text))).toBe(true);
    }
    expect(existsSync(fileURLToPath(new URL('../../../resources/datasets/README.md', import.meta.url)))).toBe(true);
  });
});

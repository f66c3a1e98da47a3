import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('dataset-cli');
afterAll(() => home.cleanup());
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path });
const json = async <T>(...args: string[]): Promise<T> => JSON.parse((await workbench(...args)).stdout) as T;

describe('workbench dataset', () => {
  it('validate --json prints format, kind, validRows, every error with line/index/path/code/message, and counts', async () => {
    const report = await json<Record<string, unknown>>('dataset', 'validate', fixture('bad-preference.jsonl'), '--json');
    expect(report).toMatchObject({
      format: 'trl-standard',
      kind: 'preference',
      validRows: 2,
      errors: [
        { line: 2, index: null, path: '$.chosen', code: 'missing_chosen', message: expect.stringContaining('chosen') },
        { line: 3, index: null, path: '$.rejected', code: 'missing_rejected', message: expect.any(String) },
        { line: 4, index: null, path: '$.rejected', code: 'chosen_equals_rejected', message: expect.any(String) },
      ],
      counts: { missing_chosen: 1, missing_rejected: 1, chosen_equals_rejected: 1 },
    });
    const array = await json<{ errors: { line: number; index: number | null }[] }>('dataset', 'validate', fixture('bad-array.json'), '--json');
    expect(array.errors.map((error) => [error.line, error.index])).toEqual([
      [3, 1],
      [6, 2],
    ]);
  });

  it('validate --format reads a file in the named format; a dataset_info.json validates the files it names', async () => {
    const asText = await json<{ format: string; kind: string; validRows: number }>('dataset', 'validate', fixture('text.jsonl'), '--format', 'text', '--json');
    expect(asText).toMatchObject({ format: 'text', kind: 'pretrain', validRows: 2 });
    const info = await json<{ format: string; validRows: number; entries: { name: string; validRows: number }[]; counts: Record<string, number> }>(
      'dataset',
      'validate',
      fixture('dataset_info.json'),
      '--json',
    );
    expect(info.format).toBe('llamafactory');
    expect(info.validRows).toBe(9);
    expect(info.entries.map((entry) => [entry.name, entry.validRows])).toEqual([
      ['hub_only', 0],
      ['gone', 0],
      ['demo_alpaca', 3],
      ['demo_sharegpt', 2],
      ['demo_ranking', 2],
      ['demo_pretrain', 2],
    ]);
    expect(info.counts).toEqual({ unsupported_entry: 1, missing_file: 1 });
  });

  it('refuses an empty file with a one-line message and a non-zero exit', async () => {
    const { writeFileSync } = await import('node:fs');
    const empty = join(home.path, 'empty.jsonl');
    writeFileSync(empty, '');
    await expect(workbench('dataset', 'validate', empty, '--json')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/empty\.jsonl is empty \(0 bytes\)/) });
    await expect(workbench('dataset', 'validate', fixture('openai.jsonl'), '--format', 'nope')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--format must be one of/) });
  });

  it('import, stats --encoding, export --format and import again', async () => {
    const imported = await json<{ datasets: { id: string; name: string; rows: number; alreadyImported: boolean }[] }>('dataset', 'import', fixture('openai.jsonl'), '--json');
    expect(imported.datasets.map((dataset) => [dataset.name, dataset.rows, dataset.alreadyImported])).toEqual([['openai', 2, false]]);
    const again = await json<{ datasets: { alreadyImported: boolean }[] }>('dataset', 'import', fixture('openai.jsonl'), '--json');
    expect(again.datasets[0]?.alreadyImported).toBe(true);
    const stats = await json<{ rows: number; unit: string; length: { max: number } }>('dataset', 'stats', 'openai', '--encoding', 'cl100k_base', '--json');
    expect([stats.rows, stats.unit]).toEqual([2, 'tokens']);
    expect(stats.length.max).toBeGreaterThan(10);
    const out = join(home.path, 'openai-as-sharegpt.json');
    const exported = await json<{ path: string; rows: number; notes: string[] }>('dataset', 'export', 'openai', '--format', 'sharegpt', '--out', out, '--json');
    expect([exported.path, exported.rows]).toEqual([out, 2]);
    expect(exported.notes).toEqual(['per-message weights dropped (ShareGPT has none)']);
    expect(JSON.parse(readFileSync(out, 'utf8'))[0]).toEqual({
      conversations: [
        { from: 'human', value: 'Who are you?' },
        { from: 'gpt', value: 'The LLM Workbench assistant.' },
      ],
      system: 'You are the LLM Workbench assistant.',
    });
    const reimported = await json<{ datasets: { format: string; rows: number; alreadyImported: boolean }[] }>('dataset', 'import', out, '--name', 'round trip', '--json');
    expect(reimported.datasets.map((dataset) => [dataset.format, dataset.rows, dataset.alreadyImported])).toEqual([['sharegpt', 2, false]]);
    const listed = await json<{ name: string }[]>('dataset', 'list', '--json');
    expect(listed.map((dataset) => dataset.name).sort()).toEqual(['openai', 'round trip']);
  });

  it('names rows as users count them, fills placeholders, takes KTO as SFT only when asked', async () => {
    // The item at $[1] of a JSON array is row 2 (line 3), not "item 1".
    const text = await workbench('dataset', 'validate', fixture('bad-array.json')).then(
      (result) => result.stdout,
      (error: { stdout: string }) => error.stdout,
    );
    expect(text).toContain('row 2, line 3  missing_field  $[1].output');
    const refused = await failing('dataset', 'import', fixture('identity.json'));
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('placeholders without values: {{name}} (2 rows, first row 1), {{author}} (2 rows, first row 1)')]);
    const filled = await json<{ datasets: { rows: number }[]; report: { placeholders: { name: string; value: string | null }[] } }>(
      'dataset',
      'import',
      fixture('identity.json'),
      '--placeholder',
      'name=Nova',
      '--placeholder',
      'author=Acme Labs',
      '--json',
    );
    expect([filled.datasets[0]?.rows, filled.report.placeholders.map((use) => [use.name, use.value])]).toEqual([
      3,
      [
        ['name', 'Nova'],
        ['author', 'Acme Labs'],
      ],
    ]);
    const kto = await json<{ datasets: { kind: string; rows: number }[] }>('dataset', 'import', fixture('kto.json'), '--json');
    const asSft = await json<{ datasets: { kind: string; rows: number; rejectedRows: number }[] }>('dataset', 'import', fixture('kto.json'), '--kto-as-sft', '--name', 'kto sft', '--json');
    expect([kto.datasets[0]?.kind, kto.datasets[0]?.rows, asSft.datasets[0]?.kind, asSft.datasets[0]?.rows, asSft.datasets[0]?.rejectedRows]).toEqual(['kto', 3, 'sft', 2, 1]);
  });
});

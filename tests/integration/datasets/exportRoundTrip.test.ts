import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRow, DatasetFileType, DatasetFormat, DatasetSummary, KtoRow, PreferenceRow } from '../../../electron/shared/contract/datasets.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { generatedRows, withoutInput } from '../../unit/datasets/generatedRows.ts';
import { canonicalRows, importSource } from './datasetJobs.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));
const chatFormats: DatasetFormat[] = ['alpaca', 'sharegpt', 'openai'];
const preferenceFormats: DatasetFormat[] = [...chatFormats, 'trl-standard', 'trl-conversational', 'trl-implicit'];
const fileTypes: DatasetFileType[] = ['jsonl', 'json', 'csv'];

interface Exported {
  path: string;
  rows: number;
  notes: string[];
}

function openAiRecord(row: CanonicalRow): Record<string, unknown> {
  const exported = rowToRecord(row, 'openai');
  if (!exported.ok) throw new Error(exported.reason);
  return exported.record;
}

describe('exports: where they go, and import(export(x)) = x for every format and file type', () => {
  let engine: ReturnType<typeof createTestEngine>;
  beforeAll(() => {
    engine = createTestEngine('datasets-export');
  });
  afterAll(async () => {
    await engine?.dispose();
  });
  const call = <T>(method: string, input: unknown): Promise<T> => engine.call(method, input) as Promise<T>;
  const imported = async (path: string, options = {}): Promise<DatasetSummary> => (await importSource(engine, { kind: 'file', path }, options)).datasets[0]?.dataset as DatasetSummary;

  it('writes into an existing folder under the usual name, and adds the extension a bare path lacks', async () => {
    const dataset = await imported(fixture('alpaca.json'));
    const folder = join(engine.homePath, 'exports-here');
    mkdirSync(folder);
    const intoFolder = await call<Exported>('datasets.export', { datasetId: dataset.id, format: 'openai', path: folder });
    expect(intoFolder.path).toBe(join(folder, 'alpaca-openai.jsonl'));
    expect(statSync(intoFolder.path).isFile()).toBe(true);
    const bare = await call<Exported>('datasets.export', { datasetId: dataset.id, format: 'alpaca', fileType: 'csv', path: join(engine.homePath, 'no-extension') });
    expect(bare.path).toBe(join(engine.homePath, 'no-extension.csv'));
    expect(existsSync(join(engine.homePath, 'no-extension'))).toBe(false);
    const slash = await call<Exported>('datasets.export', { datasetId: dataset.id, format: 'sharegpt', path: `${join(engine.homePath, 'new-folder')}/` });
    expect(slash.path).toBe(join(engine.homePath, 'new-folder', 'alpaca-sharegpt.jsonl'));
  });

  it('keeps Alpaca input in its own column', async () => {
    const dataset = await imported(fixture('alpaca.json'));
    const exported = await call<Exported>('datasets.export', { datasetId: dataset.id, format: 'alpaca', fileType: 'json', path: join(engine.homePath, 'alpaca-again.json') });
    const records = JSON.parse(readFileSync(exported.path, 'utf8')) as { instruction: string; input: string }[];
    expect(records[1]).toMatchObject({ instruction: 'Translate to Chinese', input: 'good morning' });
  });

  /** Exports a dataset in each format and file type that holds it without loss and reads each file back. */
  const roundTrips = async (original: DatasetSummary, formats: readonly DatasetFormat[], label: string): Promise<number> => {
    const rows = await canonicalRows(engine, original.id);
    let checked = 0;
    for (const format of formats) {
      for (const fileType of fileTypes) {
        const path = join(engine.homePath, 'roundtrip', `${label}.${format}.${fileType}`);
        const exported = await call<Exported>('datasets.export', { datasetId: original.id, format, fileType, path });
        if (exported.notes.length > 0) continue; // the format said what it cannot hold
        const again = await imported(path, { format });
        expect([label, format, fileType, again.kind, again.rows, again.rejectedRows]).toEqual([label, format, fileType, original.kind, rows.length, 0]);
        const back = await canonicalRows(engine, again.id);
        expect([label, format, fileType, back]).toEqual([label, format, fileType, format === 'alpaca' ? rows : rows.map(withoutInput)]);
        checked++;
      }
    }
    return checked;
  };

  it('round-trips every fixture through every format and file type that can hold it', async () => {
    const cases: [string, readonly DatasetFormat[]][] = [
      ['alpaca.json', chatFormats],
      ['alpaca-ranking.json', preferenceFormats],
      ['sharegpt.json', chatFormats],
      ['sharegpt-ranking.json', preferenceFormats],
      ['openai.jsonl', chatFormats],
      ['trl-standard.jsonl', preferenceFormats],
      ['trl-conversational.jsonl', preferenceFormats],
      ['trl-implicit.jsonl', preferenceFormats],
      ['kto.json', chatFormats],
      ['identity.json', chatFormats],
      ['text.jsonl', ['text']],
    ];
    for (const [file, formats] of cases) {
      const original = await imported(fixture(file), file === 'identity.json' ? { placeholders: { name: 'Nova', author: 'Acme' } } : {});
      expect([file, await roundTrips(original, formats, file)]).not.toEqual([file, 0]);
    }
  });

  it('round-trips generated rows (quotes, commas, line breaks, CJK, function calls and tools, weights, Alpaca input, KTO labels)', async () => {
    const { conversations, pairs, kto } = generatedRows(7, 60);
    const write = (name: string, records: unknown[]): string => {
      const path = join(engine.homePath, name);
      writeFileSync(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
      return path;
    };
    // OpenAI JSONL holds every generated conversation exactly (roles, weights, function calls, tools; not Alpaca's input).
    const chats = await imported(write('generated-chats.jsonl', conversations.map((row) => openAiRecord(row))));
    expect(await canonicalRows(engine, chats.id)).toEqual(conversations.map(withoutInput));
    expect(chats.rows).toBe(60);
    expect(await roundTrips(chats, chatFormats, 'generated-chats')).toBeGreaterThan(0);
    const prefs = await imported(
      write('generated-pairs.jsonl', (pairs as PreferenceRow[]).map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected }))),
    );
    expect([prefs.kind, prefs.rows]).toEqual(['preference', 60]);
    expect(await roundTrips(prefs, preferenceFormats, 'generated-pairs')).toBeGreaterThan(0);
    const labelled = await imported(write('generated-kto.jsonl', (kto as KtoRow[]).map(({ messages, desirable }) => ({ messages, label: desirable }))));
    expect([labelled.kind, labelled.rows]).toEqual(['kto', 60]);
    expect(await roundTrips(labelled, chatFormats, 'generated-kto')).toBe(9);
  });
});

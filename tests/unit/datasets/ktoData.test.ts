import { describe, expect, it } from 'vitest';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import type { CanonicalRow, DatasetFormat } from '../../../electron/shared/contract/datasets.ts';
import { fixturePath, readAll } from './readFixture.ts';

const u = (content: string) => ({ role: 'user' as const, content });
const a = (content: string) => ({ role: 'assistant' as const, content });

describe('KTO data (a desirable/undesirable label per conversation)', () => {
  it('imports as its own kind with every label kept, never as plain SFT', async () => {
    const read = await readAll(fixturePath('kto.json'));
    expect([read.kind, read.totals]).toEqual(['kto', { totalRows: 3, validRows: 3, counts: {} }]);
    expect(read.rows).toEqual([
      { kind: 'kto', messages: [u('Which planet is closest to the Sun?'), a('Mercury.')], desirable: true },
      { kind: 'kto', messages: [u('Which planet is closest to the Sun?'), a('Venus, obviously.')], desirable: false },
      { kind: 'kto', messages: [u('How many legs does a spider have?'), a('Eight.'), u('And an ant?'), a('Six.')], desirable: true },
    ]);
  });

  it('is still KTO when the user names the format; a label that is not true/false is a problem at its field', async () => {
    const read = await readAll(fixturePath('kto.json'), { format: 'openai' });
    expect(read.kind).toBe('kto');
    const reader = recordReader({ format: 'openai', kind: 'kto', columns: { kto_tag: 'label' }, tags: {}, roles: {} });
    const converted = reader({ messages: [u('q'), a('x')], label: 'maybe' }, '$[4]');
    expect([converted.row, converted.problems.map((problem) => [problem.path, problem.code])]).toEqual([null, [['$[4].label', 'bad_label']]]);
  });

  it('becomes SFT of the desirable rows only when the user says so; undesirable rows stay visible, never trained', async () => {
    const read = await readAll(fixturePath('kto.json'), { ktoAsSft: true });
    expect(read.kind).toBe('sft');
    expect(read.rows).toEqual([
      { kind: 'conversation', messages: [u('Which planet is closest to the Sun?'), a('Mercury.')] },
      { kind: 'conversation', messages: [u('How many legs does a spider have?'), a('Eight.'), u('And an ant?'), a('Six.')] },
    ]);
    expect(read.outcomes[1]?.problems.map((problem) => [problem.index, problem.path, problem.code])).toEqual([[1, '$[1].label', 'undesirable_row']]);
  });

  it('is read as KTO through dataset_info.json (kto_tag), and as SFT of the desirable rows with ktoAsSft', async () => {
    const path = fixturePath('llamafactory/dataset_info.json');
    const report = await validateSource(path, path, {}, { maxErrors: 100 });
    expect(report.entries?.find((entry) => entry.name === 'kto_demo')).toMatchObject({ format: 'sharegpt', kind: 'kto', validRows: 3 });
    // Alpaca formatting with a kto_tag column (LLaMA-Factory's ultrafeedback_kto shape: prompt, completion, label).
    expect(report.entries?.find((entry) => entry.name === 'kto_alpaca_demo')).toMatchObject({ format: 'alpaca', kind: 'kto', validRows: 2 });
    const asSft = await validateSource(path, path, { ktoAsSft: true }, { maxErrors: 100 });
    expect(asSft.entries?.find((entry) => entry.name === 'kto_demo')).toMatchObject({ kind: 'sft', validRows: 2, counts: { undesirable_row: 1 } });
  });

  it('exports with its label in every chat format and reads back the same; paired formats refuse it', () => {
    const row: CanonicalRow = { kind: 'kto', messages: [u('Hi'), a('Go away.')], desirable: false };
    for (const format of ['sharegpt', 'openai', 'alpaca'] as DatasetFormat[]) {
      const exported = rowToRecord(row, format);
      if (!exported.ok) throw new Error(exported.reason);
      expect(exported.record.label).toBe(false);
      const back = recordReader({ format, kind: 'kto', columns: {}, tags: {}, roles: {} })(exported.record, '$');
      expect([format, back.row]).toEqual([format, row]);
    }
    expect(rowToRecord(row, 'trl-standard').ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { datasetFormats, type CanonicalRow, type DatasetKind } from '../../../electron/shared/contract/datasets.ts';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';
import { generatedRows, withoutInput } from './generatedRows.ts';

const kindOf = (row: CanonicalRow): DatasetKind => (row.kind === 'conversation' ? 'sft' : row.kind === 'preference' ? 'preference' : row.kind === 'kto' ? 'kto' : 'pretrain');

describe('import(export(x)) = x for every format, over generated rows', () => {
  const { conversations, pairs, kto } = generatedRows(20261207, 150);
  for (const format of datasetFormats) {
    it(`${format}: every row it writes without a loss note reads back the same`, () => {
      let checked = 0;
      for (const row of [...conversations, ...pairs, ...kto]) {
        const exported = rowToRecord(row, format);
        if (!exported.ok || exported.lossy) continue;
        const read = recordReader({ format, kind: kindOf(row), columns: {}, tags: {}, roles: {} })(exported.record, '$');
        expect(read.problems).toEqual([]);
        // Only Alpaca has a column for the input it remembers; elsewhere the same text comes back without it.
        expect(read.row).toEqual(format === 'alpaca' ? row : withoutInput(row));
        checked++;
      }
      // Each format holds a good share of them (TRL standard only single-turn pairs; text none: see the file tests).
      if (format !== 'text') expect(checked).toBeGreaterThan(30);
    });
  }

  it('Alpaca keeps instruction and input in their own columns', () => {
    const row: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'Translate to Chinese\ngood morning', input: 'good morning' }, { role: 'assistant', content: '早上好' }] };
    const exported = rowToRecord(row, 'alpaca');
    expect(exported.ok && exported.record).toEqual({ instruction: 'Translate to Chinese', input: 'good morning', output: '早上好' });
    // An edited turn whose text no longer ends with the input is written whole as the instruction.
    const edited: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'Translate: hello', input: 'good morning' }, { role: 'assistant', content: '你好' }] };
    expect(rowToRecord(edited, 'alpaca')).toMatchObject({ ok: true, record: { instruction: 'Translate: hello', input: '' } });
  });
});

import { describe, expect, it } from 'vitest';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import { fixturePath } from './readFixture.ts';

describe('LLaMA-Factory dataset_info.json', () => {
  it('validates every file it names, with the formatting, ranking and columns of each entry', async () => {
    const path = fixturePath('dataset_info.json');
    const report = await validateSource(path, path, {}, { maxErrors: 100 });
    expect(report.format).toBe('llamafactory');
    expect(report.entries?.map((entry) => [entry.name, entry.format, entry.kind, entry.validRows])).toEqual([
      ['hub_only', null, null, 0],
      ['gone', null, null, 0],
      ['demo_alpaca', 'alpaca', 'sft', 3],
      ['demo_sharegpt', 'sharegpt', 'sft', 2],
      ['demo_ranking', 'alpaca', 'preference', 2],
      ['demo_pretrain', 'text', 'pretrain', 2],
    ]);
    expect(report.validRows).toBe(9);
    expect(report.counts).toEqual({ unsupported_entry: 1, missing_file: 1 });
    expect(report.errors.map((error) => [error.path, error.code, error.file])).toEqual([
      ['$.hub_only.file_name', 'unsupported_entry', path],
      ['$.gone.file_name', 'missing_file', path],
    ]);
  });
});

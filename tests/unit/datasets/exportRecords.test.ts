import { describe, expect, it } from 'vitest';
import type { CanonicalRow, DatasetFormat } from '../../../electron/shared/contract/datasets.ts';
import { canonicalPaths, checkRow } from '../../../electron/engine/datasets/checkRow.ts';
import { csvField } from '../../../electron/engine/datasets/csvText.ts';
import { recordReader } from '../../../electron/engine/datasets/recordToRow.ts';
import { rowToRecord } from '../../../electron/engine/datasets/rowToRecord.ts';

const conversation: CanonicalRow = {
  kind: 'conversation',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: '你好' },
    { role: 'assistant', content: 'Hello!' },
    { role: 'user', content: 'Who are you?' },
    { role: 'assistant', content: 'The LLM Workbench assistant.' },
  ],
};
const weighted: CanonicalRow = {
  kind: 'conversation',
  messages: [
    { role: 'user', content: 'Mars population?' },
    { role: 'assistant', content: 'Two million.', weight: 0 },
    { role: 'user', content: 'Really?' },
    { role: 'assistant', content: 'No, zero.', weight: 1 },
  ],
};
const pair: CanonicalRow = { kind: 'preference', prompt: [{ role: 'user', content: 'Today?' }], chosen: [{ role: 'assistant', content: "I don't know." }], rejected: [{ role: 'assistant', content: 'Monday.' }] };
const text: CanonicalRow = { kind: 'text', text: 'A document.\nWith two lines.' };

const kindOf = (row: CanonicalRow) => (row.kind === 'conversation' ? 'sft' : row.kind === 'preference' ? 'preference' : 'pretrain') as 'sft' | 'preference' | 'pretrain';

/** Canonical → a record of the format → canonical again. */
function roundTrip(row: CanonicalRow, format: DatasetFormat): CanonicalRow | null {
  const exported = rowToRecord(row, format);
  if (!exported.ok) throw new Error(exported.reason);
  const read = recordReader({ format, kind: kindOf(row), columns: {}, tags: {}, roles: {} })(exported.record, '$');
  expect(read.problems).toEqual([]);
  return read.row;
}

describe('rows written in each format read back unchanged', () => {
  for (const format of ['alpaca', 'sharegpt', 'openai'] as const) {
    it(`a conversation with a system prompt and history through ${format}`, () => expect(roundTrip(conversation, format)).toEqual(conversation));
  }
  it('per-message weights through openai', () => expect(roundTrip(weighted, 'openai')).toEqual(weighted));
  for (const format of ['alpaca', 'sharegpt', 'trl-standard', 'trl-conversational', 'trl-implicit'] as const) {
    it(`a preference pair through ${format}`, () => expect(roundTrip(pair, format)).toEqual(pair));
  }
  it('text through text', () => expect(roundTrip(text, 'text')).toEqual(text));
});

describe('what a format cannot hold is said, not silently changed', () => {
  it('drops weights outside OpenAI format and says so', () => {
    const exported = rowToRecord(weighted, 'sharegpt');
    expect(exported.ok && exported.lossy).toBe('sharegpt_no_weights');
  });
  it('refuses tool turns in Alpaca and preference formats for conversations', () => {
    const withTool: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'call' }, { role: 'tool', content: '{}' }, { role: 'assistant', content: 'a' }] };
    expect(rowToRecord(withTool, 'alpaca')).toEqual({ ok: false, reason: 'Alpaca cannot hold tool turns', note: 'alpaca_no_tool_turns' });
    expect(rowToRecord(conversation, 'trl-standard').ok).toBe(false);
  });
});

describe('checks on edited rows use canonical paths', () => {
  it('points at the empty turn of a canonical row', () => {
    const row: CanonicalRow = { kind: 'conversation', messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: '' }] };
    expect(checkRow(row, canonicalPaths(row))).toEqual([
      { path: '$.messages[1].content', code: 'empty_content', message: 'The assistant turn is empty', reason: { key: 'turn_empty', params: { role: 'assistant' } } },
    ]);
  });
  it('rejects a prompt that ends with the assistant', () => {
    const row: CanonicalRow = { kind: 'preference', prompt: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }], chosen: [{ role: 'assistant', content: 'x' }], rejected: [{ role: 'assistant', content: 'y' }] };
    expect(checkRow(row, canonicalPaths(row)).map((problem) => [problem.path, problem.code, problem.reason])).toEqual([
      ['$.prompt[1].role', 'roles_not_alternating', { key: 'prompt_ends_with', params: { role: 'assistant' } }],
    ]);
  });
});

describe('csvField', () => {
  it('quotes only when needed and writes lists as JSON', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvField([['q', 'a']])).toBe('"[[""q"",""a""]]"');
    expect(csvField(undefined)).toBe('');
  });
});

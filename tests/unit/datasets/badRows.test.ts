import { describe, expect, it } from 'vitest';
import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import { validateSource } from '../../../electron/engine/datasets/validateSource.ts';
import type { RowTokenCounter } from '../../../electron/engine/datasets/validateRows.ts';
import { fixturePath, readAll } from './readFixture.ts';

const problemsOf = async (file: string) =>
  (await readAll(fixturePath(file))).outcomes.flatMap((outcome) => outcome.problems.map(({ line, index, path, code }) => ({ line, index, path, code })));

describe('bad rows are reported with their exact line, path and code while good rows are kept', () => {
  it('chat rows: bad JSON, unknown role, roles out of order, no assistant turn, empty content, bad weight', async () => {
    expect(await problemsOf('bad-rows.jsonl')).toEqual([
      { line: 2, index: null, path: '$', code: 'bad_json' },
      { line: 3, index: null, path: '$.messages[1].role', code: 'unknown_role' },
      { line: 4, index: null, path: '$.messages[1].role', code: 'roles_not_alternating' },
      { line: 5, index: null, path: '$.messages', code: 'no_assistant_turn' },
      { line: 6, index: null, path: '$.messages[1].content', code: 'empty_content' },
      { line: 9, index: null, path: '$.messages[1].weight', code: 'bad_weight' },
    ]);
    const result = await readAll(fixturePath('bad-rows.jsonl'));
    expect(result.totals.validRows).toBe(3);
    expect(result.totals.totalRows).toBe(9);
    expect(result.outcomes.filter((outcome) => outcome.row).map((outcome) => outcome.line)).toEqual([1, 7, 10]);
    expect(result.rows.map((row) => (row.kind === 'conversation' ? row.messages[0]?.content : null))).toEqual(['hi', 'ok', 'last']);
  });

  it('preference rows: missing chosen, missing rejected, chosen identical to rejected', async () => {
    expect(await problemsOf('bad-preference.jsonl')).toEqual([
      { line: 2, index: null, path: '$.chosen', code: 'missing_chosen' },
      { line: 3, index: null, path: '$.rejected', code: 'missing_rejected' },
      { line: 4, index: null, path: '$.rejected', code: 'chosen_equals_rejected' },
    ]);
    const result = await readAll(fixturePath('bad-preference.jsonl'));
    expect(result.outcomes.filter((outcome) => outcome.row).map((outcome) => outcome.line)).toEqual([1, 5]);
  });

  it('items of a JSON array: the line each item starts on and its 0-based index', async () => {
    expect(await problemsOf('bad-array.json')).toEqual([
      { line: 3, index: 1, path: '$[1].output', code: 'missing_field' },
      { line: 6, index: 2, path: '$[2]', code: 'bad_json' },
    ]);
    const result = await readAll(fixturePath('bad-array.json'));
    expect(result.outcomes.map((outcome) => [outcome.line, outcome.index, outcome.row !== null])).toEqual([
      [2, 0, true],
      [3, 1, false],
      [6, 2, false],
      [7, 3, true],
    ]);
  });

  it('reads an unknown role once the user maps it to a canonical one', async () => {
    const result = await readAll(fixturePath('bad-rows.jsonl'), { roles: { robot: 'assistant' } });
    const line3 = result.outcomes.find((outcome) => outcome.line === 3);
    expect(line3?.row).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'beep' }] });
  });

  it('keeps the record as read for rows with problems, so they can be fixed', async () => {
    const result = await readAll(fixturePath('bad-rows.jsonl'));
    const badJson = result.outcomes.find((outcome) => outcome.line === 2);
    expect(badJson?.raw).toBe('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]');
    const unknownRole = result.outcomes.find((outcome) => outcome.line === 3);
    expect(JSON.parse(unknownRole?.raw ?? 'null')).toEqual({ messages: [{ role: 'user', content: 'hi' }, { role: 'robot', content: 'beep' }] });
  });

  it('counts every problem by code', async () => {
    const report = await validateSource(fixturePath('bad-rows.jsonl'), 'bad-rows.jsonl', {}, { maxErrors: 2 });
    expect(report.counts).toEqual({ bad_json: 1, unknown_role: 1, roles_not_alternating: 1, no_assistant_turn: 1, empty_content: 1, bad_weight: 1 });
    expect(report.errors).toHaveLength(2);
    expect(report.errorsTruncated).toBe(true);
    expect(report.validRows).toBe(3);
  });

  it('rejects rows over a context length with an injected token counter', async () => {
    const counted: CanonicalRow[] = [];
    // One "token" per character of content: easy to reason about, and it proves the counter is what decides.
    const counter: RowTokenCounter = {
      name: 'chars',
      count: async (rows) => {
        counted.push(...rows);
        return rows.map((row) => (row.kind === 'conversation' ? row.messages.reduce((sum, message) => sum + message.content.length, 0) : 0));
      },
    };
    const result = await readAll(fixturePath('bad-rows.jsonl'), {}, { context: { counter, contextLength: 6 } });
    // Rows 1 (hi+hello = 7) and 10 (last+good = 8) are too long; row 7 (ok+fine = 6) fits.
    const over = result.outcomes.flatMap((outcome) => outcome.problems.filter((problem) => problem.code === 'over_context'));
    expect(over.map((problem) => [problem.line, problem.path])).toEqual([
      [1, '$'],
      [10, '$'],
    ]);
    expect(over[0]?.message).toMatch(/7 tokens with chars: longer than the context length 6/);
    expect(result.outcomes.filter((outcome) => outcome.row).map((outcome) => outcome.line)).toEqual([7]);
    // Only rows without other problems are measured.
    expect(counted).toHaveLength(3);
  });

  it('names each row as the user counts it (1-based), whatever its line or array index', async () => {
    const rowsOf = async (file: string) => (await readAll(fixturePath(file))).outcomes.flatMap((outcome) => outcome.problems.map(({ row, line, index }) => [row, line, index]));
    // JSONL with a blank line before it: line 9 is the eighth row.
    expect((await rowsOf('bad-rows.jsonl')).at(-1)).toEqual([8, 9, null]);
    // A JSON array: the item at $[1] is row 2, $[2] row 3.
    expect(await rowsOf('bad-array.json')).toEqual([
      [2, 3, 1],
      [3, 6, 2],
    ]);
  });
});

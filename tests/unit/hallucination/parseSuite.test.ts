import { describe, expect, it } from 'vitest';
import { parseSuiteText } from '../../../electron/engine/hallucination/parseSuite.ts';

const good = (id: string) => JSON.stringify({ id, category: 'mine', lang: 'en', prompt: `Question ${id}?`, expected: 'answer', references: [{ answer: 'yes' }] });

describe('parseSuiteText (user suites)', () => {
  it('keeps good lines and reports each bad one with line, path, code and message', () => {
    const text = [
      good('a'),
      '{"id": "b", "category": "mine"',
      '[1, 2]',
      '',
      JSON.stringify({ id: 'c', category: 'mine', lang: 'en', expected: 'refuse' }),
      JSON.stringify({ id: 'd', category: 'mine', lang: 'fr', prompt: 'Qui?', expected: 'refuse', colour: 'red' }),
      JSON.stringify({ id: 'e', category: 'mine', lang: 'en', prompt: 'Pick', expected: 'answer', references: [{ answer: '' }] }),
      JSON.stringify({ id: 'f', category: 'mine', lang: 'en', prompt: 'Pick', expected: 'refuse', choices: ['x', 'y'], correctChoice: 2 }),
      good('a'),
      good('g'),
    ].join('\n');
    const suite = parseSuiteText('mine.jsonl', text);
    expect(suite.items.map((item) => item.id)).toEqual(['a', 'g']);
    const byLineThenPath = (x: { line: number; path: string }, y: { line: number; path: string }) => x.line - y.line || x.path.localeCompare(y.path);
    expect([...suite.errors].sort(byLineThenPath)).toEqual([
      { line: 2, path: '', code: 'bad_json', message: expect.stringMatching(/^not valid JSON/) },
      { line: 3, path: '', code: 'not_object', message: expect.any(String) },
      { line: 5, path: 'prompt', code: 'missing_field', message: 'missing required field "prompt"' },
      { line: 6, path: 'colour', code: 'unknown_field', message: 'unknown field "colour"' },
      { line: 6, path: 'lang', code: 'invalid_value', message: expect.any(String), problem: 'one_of', options: ['en', 'zh'] },
      { line: 7, path: 'references[0].answer', code: 'invalid_value', message: 'must not be empty', problem: 'not_empty' },
      { line: 8, path: 'correctChoice', code: 'invalid_value', message: 'must be an index into choices (0-1)', problem: 'choice_index', limit: 1 },
      { line: 9, path: 'id', code: 'duplicate_id', message: 'id "a" is already used on line 1', id: 'a', firstLine: 1 },
    ].sort(byLineThenPath));
    expect(suite.counts).toEqual({ bad_json: 1, not_object: 1, missing_field: 1, unknown_field: 1, invalid_value: 3, duplicate_id: 1 });
  });

  it('an answer item needs a reference answer', () => {
    const suite = parseSuiteText('x.jsonl', JSON.stringify({ id: 'a', category: 'c', lang: 'zh', prompt: '问？', expected: 'answer' }));
    expect(suite.errors).toEqual([{ line: 1, path: 'references', code: 'invalid_value', message: expect.stringMatching(/reference answer/), problem: 'needs_reference' }]);
  });

  it('accepts a BOM and CRLF line ends; refuses empty and binary files', () => {
    const suite = parseSuiteText('crlf.jsonl', `\uFEFF${good('a')}\r\n${good('b')}\r\n`);
    expect(suite.errors).toEqual([]);
    expect(suite.items).toHaveLength(2);
    expect(parseSuiteText('empty.jsonl', '\n  \n').errors).toEqual([{ line: 0, path: '', code: 'empty_file', message: expect.any(String) }]);
    expect(parseSuiteText('bin.jsonl', 'GGUF\u0000\u0003').errors[0]?.code).toBe('binary_file');
  });

  it('fingerprints the text so runs record which suite version they used', () => {
    expect(parseSuiteText('a', good('a')).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parseSuiteText('a', good('a')).sha256).not.toBe(parseSuiteText('a', good('b')).sha256);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { planSource } from '../../../electron/engine/datasets/planSource.ts';
import { readAll } from './readFixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'ds-encoding-'));
const write = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const bom = '\uFEFF';
const line = (user: string, assistant: string): string => JSON.stringify({ messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] });

const refusal = async (path: string): Promise<WorkbenchError> => {
  try {
    await readAll(path);
  } catch (error) {
    return WorkbenchError.from(error);
  }
  throw new Error(`${path} was not refused`);
};

describe('UTF-8 with or without BOM, LF or CRLF', () => {
  it('reads JSONL with a BOM and CRLF line ends, with the same lines and contents as plain LF', async () => {
    const body = [line('a', 'b'), '{broken', line('c', 'd\r\nsecond line')];
    const plain = await readAll(write('plain.jsonl', `${body.join('\n')}\n`));
    const windows = await readAll(write('windows.jsonl', `${bom}${body.join('\r\n')}\r\n`));
    expect(windows.rows).toEqual(plain.rows);
    expect(windows.outcomes.map((outcome) => [outcome.line, outcome.problems.map((problem) => problem.code)])).toEqual([
      [1, []],
      [2, ['bad_json']],
      [3, []],
    ]);
    // A CRLF inside a JSON string is content, written as an escape: it is kept.
    expect(windows.rows[1]).toEqual({ kind: 'conversation', messages: [{ role: 'user', content: 'c' }, { role: 'assistant', content: 'd\r\nsecond line' }] });
  });

  it('reads a JSON array with a BOM and CRLF, counting lines the same way', async () => {
    const text = ['[', '  {"instruction": "one", "output": "1"},', '  {"instruction": "two"},', '  {"instruction": "three", "output": "3"}', ']'];
    const result = await readAll(write('windows.json', `${bom}${text.join('\r\n')}\r\n`));
    expect(result.format).toBe('alpaca');
    expect(result.outcomes.map((outcome) => [outcome.line, outcome.index, outcome.problems.map((problem) => problem.code)])).toEqual([
      [2, 0, []],
      [3, 1, ['missing_field']],
      [4, 2, []],
    ]);
  });

  it('reads CSV with a BOM and CRLF, keeping the first header name intact', async () => {
    const result = await readAll(write('windows.csv', `${bom}instruction,output\r\nHello,World\r\n"Multi\r\nline",Yes\r\n`));
    expect(result.format).toBe('alpaca');
    expect(result.rows).toEqual([
      { kind: 'conversation', messages: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'World' }] },
      { kind: 'conversation', messages: [{ role: 'user', content: 'Multi\nline' }, { role: 'assistant', content: 'Yes' }] },
    ]);
    expect(result.outcomes.map((outcome) => outcome.line)).toEqual([2, 3]);
  });

  it('reports a broken CSV row with its line and keeps reading', async () => {
    const result = await readAll(write('broken.csv', 'instruction,output\nHello,World\nthree,fields,here\nBye,Now\n'));
    expect(result.outcomes.map((outcome) => [outcome.line, outcome.problems.map((problem) => problem.code)])).toEqual([
      [2, []],
      [3, ['bad_csv']],
      [4, []],
    ]);
  });
});

describe('files that are not datasets are refused with a clear message', () => {
  it('an empty file', async () => {
    const error = await refusal(write('empty.jsonl', ''));
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/empty\.jsonl is empty \(0 bytes\)/);
  });

  it('a file with only whitespace (and a BOM)', async () => {
    const error = await refusal(write('blank.jsonl', `${bom}\r\n  \n`));
    expect(error.message).toMatch(/blank\.jsonl contains only whitespace/);
  });

  it('an empty JSON array', async () => {
    const error = await refusal(write('none.json', '[]\n'));
    expect(error.message).toMatch(/none\.json has no rows/);
  });

  it('a binary file', async () => {
    const error = await refusal(write('model.jsonl', new Uint8Array([0x47, 0x47, 0x55, 0x46, 0x03, 0x00, 0x00, 0x00, 0xff, 0x10])));
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/model\.jsonl looks like a binary file/);
    expect(error.details).toMatchObject({ reason: 'binary', byte: 5 });
  });

  it('UTF-16 text', async () => {
    const error = await refusal(write('utf16.jsonl', Buffer.from(`\uFEFF${line('a', 'b')}\n`, 'utf16le')));
    expect(error.message).toMatch(/UTF-16.*save it as UTF-8/);
  });

  it('GBK text, with a hint to re-save as UTF-8', async () => {
    // "你好" in GBK is c4 e3 ba c3: not valid UTF-8.
    const gbk = Buffer.concat([Buffer.from('{"text": "'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('"}\n')]);
    const error = await refusal(write('gbk.jsonl', gbk));
    expect(error.message).toMatch(/not UTF-8 text \(invalid byte at offset 10\).*GBK/);
  });

  it('a format that cannot be told from the keys, naming the keys', async () => {
    const path = write('mystery.jsonl', `${JSON.stringify({ foo: 1, bar: 2 })}\n`);
    await expect(planSource(path, 'mystery.jsonl', {})).rejects.toThrow(/cannot tell the format from keys "foo", "bar"/);
  });
});

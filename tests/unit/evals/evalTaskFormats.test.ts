import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaskFile } from '../../../electron/engine/evals/loadTaskFile.ts';
import { canonicalNumber, finalNumber } from '../../../electron/engine/evals/formats/answerParsing.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

const dir = mkdtempSync(join(tmpdir(), 'eval-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The error a malformed file gets: its message and the file / line / field it names. */
function failure(name: string, text: string) {
  const path = file(name, text);
  const error = workbenchErrorOf(() => loadTaskFile(path));
  return { message: error.message, details: error.details as { file: string; line: number; field: string } };
}

describe('MMLU / C-Eval / CMMLU CSV', () => {
  it('reads MMLU files without a header, with and without an id column', () => {
    const plain = loadTaskFile(file('mmlu_dev.csv', 'What is 2+2?,3,4,5,6,B\n"Which, with a comma?",x,y,z,w,D\n')).task;
    expect(plain.name).toBe('mmlu_dev');
    expect(plain.items).toEqual([
      { id: 'line-1', kind: 'choice', question: 'What is 2+2?', choices: ['3', '4', '5', '6'], answer: 1 },
      { id: 'line-2', kind: 'choice', question: 'Which, with a comma?', choices: ['x', 'y', 'z', 'w'], answer: 3 },
    ]);
    const withId = loadTaskFile(file('with_id.csv', 'q7,Capital of France?,Rome,Paris,Oslo,Bern,b\n')).task;
    expect(withId.items[0]).toMatchObject({ id: 'q7', question: 'Capital of France?', answer: 1 });
  });

  it('reads C-Eval (id,question,A..D,answer,explanation) and CMMLU (,Question,A..D,Answer) headers', () => {
    const ceval = loadTaskFile(file('ceval.csv', 'id,question,A,B,C,D,answer,explanation\n0,中国的首都是？,上海,北京,广州,深圳,B,因为\n')).task;
    expect(ceval.items).toEqual([{ id: '0', kind: 'choice', question: '中国的首都是？', choices: ['上海', '北京', '广州', '深圳'], answer: 1 }]);
    const cmmlu = loadTaskFile(file('cmmlu.csv', ',Question,A,B,C,D,Answer\n0,"多行\n问题",甲,乙,丙,丁,C\n1,第二题,甲,乙,丙,丁,A\n')).task;
    expect(cmmlu.items.map((item) => item.question)).toEqual(['多行\n问题', '第二题']);
    expect(cmmlu.items.map((item) => (item.kind === 'choice' ? item.answer : null))).toEqual([2, 0]);
  });

  it('names the file, line and field of every malformed row', () => {
    expect(failure('bad_answer.csv', 'q1,a,b,c,d,A\nq2,a,b,c,d,E\n')).toEqual({
      message: expect.stringMatching(/^bad_answer\.csv:2: answer: "E" is not one of the 4 choices/) as string,
      details: { file: join(dir, 'bad_answer.csv'), line: 2, field: 'answer' },
    });
    expect(failure('empty_choice.csv', 'id,question,A,B,C,D,answer\n1,q,a,b,c,d,A\n2,q,a,,c,d,A\n').details).toMatchObject({ line: 3, field: 'B' });
    expect(failure('short_row.csv', 'q1,a,b,c,d,A\n"multi\nline",a,b,c,A\n').details).toMatchObject({ line: 2, field: 'columns' });
    expect(failure('five_columns.csv', 'q,a,b,c,A\n').details).toMatchObject({ line: 1, field: 'columns' });
    expect(failure('empty_question.csv', 'q1,a,b,c,d,A\n\n  ,a,b,c,d,A\n').details).toMatchObject({ line: 3, field: 'question' });
    expect(failure('bad_quote.csv', 'q1,a,b,c,d,A\nq2,"a,b,c,d,A\n').details).toMatchObject({ field: 'csv' });
    expect(failure('header_only.csv', 'question,A,B,C,D,answer\n').details).toMatchObject({ line: 1, field: 'question' });
    expect(failure('dup.csv', 'x,q,a,b,c,d,A\nx,q,a,b,c,d,A\n').details).toMatchObject({ line: 2, field: 'id' });
  });
});

describe('JSONL', () => {
  it('takes choices with an index or a letter, and GSM8K-style generation items', () => {
    const task = loadTaskFile(
      file(
        'mixed.jsonl',
        [
          '{"question": "Pick", "choices": ["x", "y", "z"], "answer": 2}',
          '',
          '{"id": "l", "query": "Pick", "choices": ["x", "y"], "label": "(B)"}',
          '{"question": "Tom has 3 apples and buys 4.", "answer": "3 + 4 = 7\\n#### 7"}',
          '{"question": "Half of 3?", "answer": 1.50}',
        ].join('\n'),
      ),
    ).task;
    expect(task.items).toEqual([
      { id: 'line-1', kind: 'choice', question: 'Pick', choices: ['x', 'y', 'z'], answer: 2 },
      { id: 'l', kind: 'choice', question: 'Pick', choices: ['x', 'y'], answer: 1 },
      { id: 'line-4', kind: 'number', question: 'Tom has 3 apples and buys 4.', answer: '7', solution: '3 + 4 = 7\n#### 7' },
      { id: 'line-5', kind: 'number', question: 'Half of 3?', answer: '1.5', solution: null },
    ]);
  });

  it('names the line and field of every malformed item', () => {
    const ok = '{"question": "q", "choices": ["a", "b"], "answer": 0}';
    expect(failure('syntax.jsonl', `${ok}\n{"question": "q",\n`)).toMatchObject({ message: expect.stringMatching(/^syntax\.jsonl:2: json: not valid JSON/) as string, details: { line: 2, field: 'json' } });
    expect(failure('no_question.jsonl', `${ok}\n${ok}\n{"choices": ["a", "b"], "answer": 0}\n`).details).toMatchObject({ line: 3, field: 'question' });
    expect(failure('no_answer.jsonl', '{"question": "q", "choices": ["a", "b"]}').details).toMatchObject({ line: 1, field: 'answer' });
    expect(failure('index.jsonl', '{"question": "q", "choices": ["a", "b"], "answer": 2}').details).toMatchObject({ line: 1, field: 'answer' });
    expect(failure('one_choice.jsonl', '{"question": "q", "choices": ["a"], "answer": 0}').details).toMatchObject({ line: 1, field: 'choices' });
    expect(failure('choice_type.jsonl', `${ok}\n{"question": "q", "choices": ["a", 3], "answer": 0}`).details).toMatchObject({ line: 2, field: 'choices[1]' });
    expect(failure('no_number.jsonl', '{"question": "q", "answer": "seven"}').details).toMatchObject({ line: 1, field: 'answer' });
    expect(failure('array.jsonl', '[1, 2]').details).toMatchObject({ line: 1, field: 'item' });
    expect(failure('empty.jsonl', '\n\n').details).toMatchObject({ line: 1, field: 'items' });
  });
});

describe("the workbench's own JSON format", () => {
  it('reads name, description, frame and items', () => {
    const { task } = loadTaskFile(
      file('own.json', JSON.stringify({ name: 'Capitals', description: 'd', frame: 'chat', items: [{ id: 'fr', question: 'France?', choices: ['Paris', 'Rome'], answer: 'A' }] }, null, 2)),
    );
    expect(task).toEqual({ name: 'Capitals', description: 'd', frame: 'chat', items: [{ id: 'fr', kind: 'choice', question: 'France?', choices: ['Paris', 'Rome'], answer: 0 }] });
  });

  it('names the line of the item and of its field', () => {
    const items = [
      { question: 'a', choices: ['x', 'y'], answer: 0 },
      { question: 'b', choices: ['x', 'y'], answer: 'Q' },
    ];
    const text = JSON.stringify({ name: 'T', items }, null, 2);
    const answerLine = text.split('\n').findIndex((line) => line.includes('"Q"')) + 1;
    expect(failure('own_bad.json', text)).toMatchObject({ message: expect.stringMatching(new RegExp(`^own_bad\\.json:${answerLine}: answer:`)) as string, details: { line: answerLine, field: 'answer' } });
    expect(failure('own_syntax.json', '{\n  "name": "T",\n  "items": [\n    {"question": "a",}\n  ]\n}').details).toMatchObject({ line: 4, field: 'json' });
    expect(failure('own_frame.json', '{\n  "frame": "essay",\n  "items": []\n}').details).toMatchObject({ line: 2, field: 'frame' });
    expect(failure('own_items.json', '{\n  "name": "T"\n}').details).toMatchObject({ line: 1, field: 'items' });
    expect(failure('own_dup.json', '[\n{"id": "a", "question": "q", "answer": 1},\n{"id": "a", "question": "q", "answer": 2}\n]').details).toMatchObject({ line: 3, field: 'id' });
  });

  it('refuses other extensions naming the file', () => {
    expect(failure('task.txt', 'x').message).toMatch(/task\.txt: a task file is \.csv/);
  });
});

describe('answers', () => {
  it('reads the final number the way GSM8K marks it, else the last number', () => {
    expect(finalNumber('So 3 + 4 = 7.\n#### 7')).toBe('7');
    expect(finalNumber('First 12, then 1,234.50 dollars.')).toBe('1234.5');
    expect(finalNumber('The answer is -3')).toBe('-3');
    expect(finalNumber('no digits here')).toBeNull();
    expect(canonicalNumber('42.0')).toBe('42');
    expect(canonicalNumber('4 2')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { CanonicalRow } from '../../../electron/shared/contract/datasets.ts';
import { fixturePath, readAll } from './readFixture.ts';

const u = (content: string) => ({ role: 'user' as const, content });
const a = (content: string) => ({ role: 'assistant' as const, content });
const s = (content: string) => ({ role: 'system' as const, content });

describe('every supported format is detected from its keys and read into the canonical shape', () => {
  const cases: { file: string; format: string; kind: string; rows: CanonicalRow[] }[] = [
    {
      file: 'alpaca.json',
      format: 'alpaca',
      kind: 'sft',
      rows: [
        { kind: 'conversation', messages: [u('What is 2 + 2?'), a('4')] },
        { kind: 'conversation', messages: [{ ...u('Translate to Chinese\ngood morning'), input: 'good morning' }, a('早上好')] },
        {
          kind: 'conversation',
          messages: [s('You are a translator.'), u('Translate to Chinese: good morning'), a('早上好'), u('And in the evening?'), a('晚上好')],
        },
      ],
    },
    {
      file: 'alpaca-ranking.json',
      format: 'alpaca',
      kind: 'preference',
      rows: [
        { kind: 'preference', prompt: [u('Who was the first person on Mars?')], chosen: [a('Nobody has been to Mars yet.')], rejected: [a('Alan Reeves, in 2029.')] },
        { kind: 'preference', prompt: [u('9.11 or 9.9: which is bigger?')], chosen: [a('9.9')], rejected: [a('9.11')] },
      ],
    },
    {
      file: 'sharegpt.json',
      format: 'sharegpt',
      kind: 'sft',
      rows: [
        { kind: 'conversation', messages: [s('你是一个AI助手'), u('你好'), a('你好！有什么可以帮你？')] },
        {
          kind: 'conversation',
          messages: [
            u("What's the weather in Paris?"),
            { role: 'assistant', content: '', toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] },
            { role: 'tool', content: '{"temp": 18}' },
            a('It is 18 °C in Paris.'),
          ],
        },
      ],
    },
    {
      file: 'sharegpt-ranking.json',
      format: 'sharegpt',
      kind: 'preference',
      rows: [{ kind: 'preference', prompt: [u('今天几号？')], chosen: [a('我不知道，我没有日历。')], rejected: [a('今天是3月14日。')] }],
    },
    {
      file: 'openai.jsonl',
      format: 'openai',
      kind: 'sft',
      rows: [
        { kind: 'conversation', messages: [s('You are the LLM Workbench assistant.'), u('Who are you?'), a('The LLM Workbench assistant.')] },
        {
          kind: 'conversation',
          messages: [u('Population of Mars?'), { role: 'assistant', content: 'Two million.', weight: 0 }, u('Really?'), { role: 'assistant', content: 'No: nobody lives on Mars.', weight: 1 }],
        },
      ],
    },
    { file: 'text.jsonl', format: 'text', kind: 'pretrain', rows: [{ kind: 'text', text: 'Language models predict the next token.' }, { kind: 'text', text: '锄禾日当午，汗滴禾下土。' }] },
    {
      file: 'text.txt',
      format: 'text',
      kind: 'pretrain',
      rows: [{ kind: 'text', text: 'The first document.' }, { kind: 'text', text: '第二篇文档。' }, { kind: 'text', text: 'The third document.' }],
    },
    { file: 'trl-standard.jsonl', format: 'trl-standard', kind: 'preference', rows: [{ kind: 'preference', prompt: [u('The sky is')], chosen: [a(' blue.')], rejected: [a(' green.')] }] },
    {
      file: 'trl-conversational.jsonl',
      format: 'trl-conversational',
      kind: 'preference',
      rows: [{ kind: 'preference', prompt: [u('What color is the sky?')], chosen: [a('It is blue.')], rejected: [a('It is green.')] }],
    },
    {
      file: 'trl-implicit.jsonl',
      format: 'trl-implicit',
      kind: 'preference',
      rows: [{ kind: 'preference', prompt: [u('What color is the sky?')], chosen: [a('It is blue.')], rejected: [a('It is green.')] }],
    },
    {
      // TRL's rule: the shared beginning less the space that starts the answers.
      file: 'trl-implicit-text.jsonl',
      format: 'trl-implicit',
      kind: 'preference',
      rows: [{ kind: 'preference', prompt: [u('The sky is')], chosen: [a(' blue.')], rejected: [a(' green.')] }],
    },
    {
      file: 'alpaca.csv',
      format: 'alpaca',
      kind: 'sft',
      rows: [
        { kind: 'conversation', messages: [u('Write two lines'), a('line one\nline two')] },
        { kind: 'conversation', messages: [u('Write two lines'), a('line one\nline two'), u('And a third?'), a('line three')] },
      ],
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.file} → ${testCase.format} (${testCase.kind})`, async () => {
      const result = await readAll(fixturePath(testCase.file));
      expect(result.format).toBe(testCase.format);
      expect(result.kind).toBe(testCase.kind);
      expect(result.outcomes.flatMap((outcome) => outcome.problems)).toEqual([]);
      expect(result.rows).toEqual(testCase.rows);
    });
  }

  it('reads CSV rows with the line each one starts on, across quoted line breaks', async () => {
    const result = await readAll(fixturePath('alpaca.csv'));
    expect(result.outcomes.map((outcome) => outcome.line)).toEqual([2, 4]);
  });

  it('reads a file in a format the user names, with columns mapped by hand', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'ds-map-')), 'qa.jsonl');
    writeFileSync(file, `${JSON.stringify({ q: 'Capital of France?', ans: 'Paris', who: 'bot' })}\n`);
    const result = await readAll(file, { format: 'alpaca', columns: { prompt: 'q', response: 'ans' } });
    expect(result.rows).toEqual([{ kind: 'conversation', messages: [u('Capital of France?'), a('Paris')] }]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetStore } from '../../../electron/engine/datasets/datasetStore.ts';
import { readPrompts } from '../../../electron/engine/distill/readPrompts.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

const folder = mkdtempSync(join(tmpdir(), 'distill-prompts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
// File sources never touch the store.
const noStore = {} as DatasetStore;

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe('distill: reading a prompt set', () => {
  it('reads JSONL prompts in the shapes people have, with their lines', () => {
    const path = file(
      'prompts.jsonl',
      [
        '"What is 2+2?"',
        '',
        '{"prompt": "Say hello."}',
        '{"question": "你好吗？"}',
        '{"instruction": "Translate", "input": "chat", "system": "Be brief."}',
        '{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "ignored"}]}',
      ].join('\n'),
    );
    const prompts = readPrompts({ kind: 'file', path }, noStore);
    expect(prompts.map((prompt) => [prompt.line, prompt.messages])).toEqual([
      [1, [{ role: 'user', content: 'What is 2+2?' }]],
      [3, [{ role: 'user', content: 'Say hello.' }]],
      [4, [{ role: 'user', content: '你好吗？' }]],
      [5, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Translate\nchat' }]],
      [6, [{ role: 'system', content: 'S' }, { role: 'user', content: 'Hi' }]],
    ]);
  });

  it('reads a text file as one prompt per non-empty line', () => {
    const prompts = readPrompts({ kind: 'file', path: file('prompts.txt', 'First?\n\n  Second?  \n') }, noStore);
    expect(prompts.map((prompt) => [prompt.line, prompt.text])).toEqual([
      [1, 'First?'],
      [3, 'Second?'],
    ]);
  });

  it('refuses a malformed line naming the file and the line', () => {
    const badJson = file('bad.jsonl', '{"prompt": "ok"}\n{"prompt": "unclosed"\n');
    const notJson = workbenchErrorOf(() => readPrompts({ kind: 'file', path: badJson }, noStore));
    expect(notJson.message).toContain(`${badJson}:2: not JSON`);
    expect(notJson.details).toMatchObject({ file: badJson, line: 2 });
    expect(notJson.reason).toEqual({ key: 'line_not_json', params: { file: badJson, line: 2 } });

    const noPrompt = file('nofield.jsonl', '{"prompt": "ok"}\n\n{"answer": "x"}\n');
    expect(workbenchErrorOf(() => readPrompts({ kind: 'file', path: noPrompt }, noStore)).message).toBe(
      `${noPrompt}:3: no prompt: expected "prompt", "question", "instruction" or "messages"`,
    );
    const assistantFirst = file('assistant.jsonl', '{"messages": [{"role": "assistant", "content": "x"}]}\n');
    expect(workbenchErrorOf(() => readPrompts({ kind: 'file', path: assistantFirst }, noStore)).details).toMatchObject({ line: 1, field: 'messages[0].role' });
    const empty = file('empty.jsonl', '{"prompt": "  "}\n');
    expect(workbenchErrorOf(() => readPrompts({ kind: 'file', path: empty }, noStore)).message).toBe(`${empty}:1: the prompt is empty`);
  });

  it('refuses a missing file and a file without prompts', () => {
    expect(workbenchErrorOf(() => readPrompts({ kind: 'file', path: join(folder, 'missing.jsonl') }, noStore)).code).toBe('not_found');
    expect(workbenchErrorOf(() => readPrompts({ kind: 'file', path: file('blank.txt', '\n\n') }, noStore)).message).toContain('holds no prompts');
  });
});

describe('distill: a prompt set the page sent as text', () => {
  it('reads it by its file name and names that name in a refusal', () => {
    expect(readPrompts({ kind: 'text', fileName: 'asks.txt', text: 'One?\nTwo?' }, noStore).map((prompt) => prompt.text)).toEqual(['One?', 'Two?']);
    expect(workbenchErrorOf(() => readPrompts({ kind: 'text', fileName: 'asks.jsonl', text: '"One?"\n[1]' }, noStore)).message).toBe(
      'asks.jsonl:2: expected a string or an object with "prompt", "question", "instruction" or "messages"',
    );
  });
});

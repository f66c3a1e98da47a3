import { describe, expect, it } from 'vitest';
import { parsePromptSet } from '../../../electron/engine/compare/parsePromptSet.ts';

describe('prompt sets from text', () => {
  it('reads one prompt per non-empty line, including lines that start with a bracket', () => {
    expect(parsePromptSet('\uFEFFWhat is 2+2?\r\n\n  [INST] Say hi [/INST]  \n你好')).toEqual({ prompts: ['What is 2+2?', '[INST] Say hi [/INST]', '你好'], format: 'lines' });
  });

  it('reads a JSON array of strings or {"prompt"} objects, and {"prompts": [...]}', () => {
    expect(parsePromptSet('["a", {"prompt": "b"}]')).toEqual({ prompts: ['a', 'b'], format: 'json' });
    expect(parsePromptSet('{"prompts": ["x\\ny"]}', 'set.json')).toEqual({ prompts: ['x\ny'], format: 'json' });
  });

  it('reads JSON lines, keeping newlines inside a prompt', () => {
    expect(parsePromptSet('{"prompt": "line one\\nline two"}\n"plain"\n', 'set.jsonl')).toEqual({ prompts: ['line one\nline two', 'plain'], format: 'jsonl' });
    expect(parsePromptSet('{"prompt": "only one"}')).toEqual({ prompts: ['only one'], format: 'jsonl' });
  });

  it('names the file and line of a bad JSON line', () => {
    expect(() => parsePromptSet('{"prompt": "ok"}\n{"prompt": 3}\n', 'eval.jsonl')).toThrow(
      expect.objectContaining({ code: 'bad_input', message: expect.stringMatching(/^eval\.jsonl, line 2: expected a string or \{"prompt"/), details: expect.objectContaining({ line: 2, file: 'eval.jsonl' }) }),
    );
    expect(() => parsePromptSet('{"prompt": "ok"}\n{broken\n', 'eval.jsonl')).toThrow(/eval\.jsonl, line 2: not valid JSON/);
  });

  it('refuses empty sets and empty prompts, naming the item', () => {
    expect(() => parsePromptSet('  \n ', 'x.txt')).toThrow(/x\.txt: no prompts/);
    expect(() => parsePromptSet('["a", "  "]', 'set.json')).toThrow(expect.objectContaining({ message: 'set.json: prompts[1]: the prompt is empty', details: expect.objectContaining({ field: 'prompts.1' }) }));
    expect(() => parsePromptSet('[1]', 'set.json')).toThrow(/prompts\[0\] is not a string/);
  });
});

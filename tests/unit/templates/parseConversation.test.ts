import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { jsonErrorOffset } from '../../../electron/engine/templates/jsonErrorOffset.ts';
import { parseConversation } from '../../../electron/engine/templates/parseConversation.ts';

const errorOf = (text: string): WorkbenchError => {
  try {
    parseConversation(text, 'chat.json');
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected an error');
};

describe('parseConversation', () => {
  it('accepts {"messages": [...]} and a bare array, keeping weights', () => {
    const messages = [{ role: 'user', content: '你好' }, { role: 'assistant', content: 'hi', weight: 0 }];
    expect(parseConversation(JSON.stringify({ messages }), 'a.json')).toEqual(messages);
    expect(parseConversation(JSON.stringify(messages), 'a.json')).toEqual(messages);
  });

  it('names the line and column of a JSON mistake', () => {
    const error = errorOf('{"messages": [\n  {"role": "user" "content": "x"}\n]}');
    expect(error.details).toMatchObject({ file: 'chat.json', line: 2, column: 19 });
    expect(error.message).toContain('chat.json, line 2, column 19');
  });

  it('names the field of a wrong shape', () => {
    expect(errorOf('{"messages": [{"role": "user", "content": 3}]}').details).toMatchObject({ field: 'messages.0.content' });
    expect(errorOf('[{"role": "user", "content": "x", "weight": 2}]').details).toMatchObject({ field: '0.weight' });
    expect(errorOf('{"turns": []}').details).toMatchObject({ field: 'messages' });
    expect(errorOf('{"messages": []}').details).toMatchObject({ field: 'messages' });
  });
});

describe('jsonErrorOffset', () => {
  it('is null for valid JSON and finds the first bad character otherwise', () => {
    for (const valid of ['{}', '[1, -2.5e3, "a\\n\\u00e9", true, false, null, {"a": [ ]}]', ' "x" ']) expect(jsonErrorOffset(valid)).toBeNull();
    expect(jsonErrorOffset('{"a": }')).toBe(6);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": "unterminated')).toBe(19);
    expect(jsonErrorOffset("{'a': 1}")).toBe(1);
  });
});

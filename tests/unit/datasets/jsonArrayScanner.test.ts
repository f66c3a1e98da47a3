import { describe, expect, it } from 'vitest';
import { JsonArrayScanner, type ArrayItem } from '../../../electron/engine/datasets/jsonArrayScanner.ts';

/** Feeds the text in pieces of `size` characters, as a file stream would. */
function scan(text: string, size: number): ArrayItem[] {
  const scanner = new JsonArrayScanner();
  const items: ArrayItem[] = [];
  for (let at = 0; at < text.length; at += size) items.push(...scanner.feed(text.slice(at, at + size)));
  items.push(...scanner.end());
  return items;
}

const texts = (items: ArrayItem[]) => items.map((item) => (item.kind === 'item' ? [item.index, item.line, item.text] : ['error', item.line, item.message]));

describe('JsonArrayScanner', () => {
  const text = '[\n  {"a": "x, ] }"},\n  {"b": [1, {"c": "\\"}"}]},\n  "plain",\n  42,\n  null\n]\n';
  const expected = [
    [0, 2, '{"a": "x, ] }"}'],
    [1, 3, '{"b": [1, {"c": "\\"}"}]}'],
    [2, 4, '"plain"'],
    [3, 5, '42'],
    [4, 6, 'null'],
  ];

  it('splits items whatever the chunk size, ignoring brackets and commas inside strings', () => {
    for (const size of [1, 2, 3, 7, 1000]) expect(texts(scan(text, size))).toEqual(expected);
  });

  it('reports a missing comma and goes on with the next item', () => {
    const items = scan('[{"a": 1}\n{"b": 2}]', 4);
    expect(texts(items)).toEqual([
      [0, 1, '{"a": 1}'],
      ['error', 2, 'Not valid JSON: a comma is missing between two items'],
      [1, 2, '{"b": 2}'],
    ]);
  });

  it('keeps a mismatched bracket inside its own item', () => {
    const items = scan('[\n{"a": [1, 2},\n{"b": 3}\n]', 5);
    expect(texts(items)).toEqual([
      [0, 2, '{"a": [1, 2}'],
      [1, 3, '{"b": 3}'],
    ]);
  });

  it('reports a trailing comma, an unclosed array and text after the array', () => {
    expect(texts(scan('[1, 2,]', 3))).toEqual([
      [0, 1, '1'],
      [1, 1, '2'],
      ['error', 1, 'Not valid JSON: a comma before "]" (trailing comma)'],
    ]);
    expect(texts(scan('[\n{"a": 1},\n{"b": 2', 3)).at(-1)).toEqual(['error', 3, 'Not valid JSON: the array is never closed with "]" (is the file cut short?)']);
    expect(texts(scan('[1]\nextra', 2)).at(-1)).toEqual(['error', 2, 'Not valid JSON: more text after the closing "]" of the array']);
  });

  it('a raw line break ends a broken string, so one bad string spoils one item', () => {
    const items = scan('[\n{"a": "unterminated},\n{"b": 2}\n]', 4);
    expect(items.filter((item) => item.kind === 'item').map((item) => (item.kind === 'item' ? item.index : -1))).toEqual([0, 1]);
    expect(texts(items)[1]).toEqual([1, 3, '{"b": 2}']);
    const pretty = scan('[\n  {\n    "a": "cut,\n    "b": 2\n  },\n  {"c": 3}\n]\n', 5);
    expect(texts(pretty).map((item) => item.slice(0, 2))).toEqual([
      [0, 2],
      [1, 6],
    ]);
  });
});

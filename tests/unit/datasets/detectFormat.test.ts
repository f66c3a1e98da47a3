import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../electron/engine/datasets/detectFormat.ts';

const best = (samples: unknown[]) => {
  const guess = detectFormat(samples);
  return { format: guess.candidates[0]?.format, kind: guess.candidates[0]?.kind, columns: guess.candidates[0]?.columns, ambiguous: guess.ambiguous };
};

describe('detectFormat', () => {
  it('knows each format by its keys', () => {
    expect(best([{ instruction: 'i', input: '', output: 'o' }])).toEqual({ format: 'alpaca', kind: 'sft', columns: {}, ambiguous: false });
    expect(best([{ instruction: 'i', chosen: 'c', rejected: 'r' }])).toMatchObject({ format: 'alpaca', kind: 'preference', ambiguous: false });
    expect(best([{ conversations: [{ from: 'human', value: 'x' }] }])).toMatchObject({ format: 'sharegpt', kind: 'sft', ambiguous: false });
    expect(best([{ conversations: [], chosen: {}, rejected: {} }])).toMatchObject({ format: 'sharegpt', kind: 'preference' });
    expect(best([{ messages: [{ role: 'user', content: 'x' }] }])).toMatchObject({ format: 'openai', kind: 'sft', ambiguous: false });
    expect(best([{ messages: [{ from: 'human', value: 'x' }] }])).toMatchObject({ format: 'sharegpt', columns: { messages: 'messages' } });
    expect(best([{ text: 'doc' }])).toMatchObject({ format: 'text', kind: 'pretrain', ambiguous: false });
    expect(best(['doc one', 'doc two'])).toMatchObject({ format: 'text', kind: 'pretrain', ambiguous: false });
    expect(best([{ prompt: 'p', chosen: 'c', rejected: 'r' }])).toMatchObject({ format: 'trl-standard', kind: 'preference', ambiguous: false });
    expect(best([{ prompt: [{ role: 'user', content: 'p' }], chosen: [], rejected: [] }])).toMatchObject({ format: 'trl-conversational', kind: 'preference' });
    expect(best([{ chosen: [], rejected: [] }])).toMatchObject({ format: 'trl-implicit', kind: 'preference' });
  });

  it('guesses columns from synonyms and asks the user to confirm', () => {
    expect(best([{ question: 'q', answer: 'a' }])).toEqual({ format: 'alpaca', kind: 'sft', columns: { prompt: 'question', response: 'answer' }, ambiguous: true });
    expect(best([{ prompt: 'p', completion: 'c' }])).toEqual({ format: 'alpaca', kind: 'sft', columns: { prompt: 'prompt', response: 'completion' }, ambiguous: true });
    expect(best([{ content: 'a document' }])).toEqual({ format: 'text', kind: 'pretrain', columns: { text: 'content' }, ambiguous: true });
  });

  it('lists every format that fits when keys match more than one', () => {
    const guess = detectFormat([{ instruction: 'i', output: 'o', text: 'rendered' }]);
    expect(guess.candidates.map((candidate) => candidate.format)).toEqual(['alpaca', 'text']);
    expect(guess.ambiguous).toBe(true);
  });

  it('finds nothing in unknown keys, and reports the keys', () => {
    expect(detectFormat([{ foo: 1 }, { bar: 2 }])).toEqual({ candidates: [], ambiguous: true, keys: ['foo', 'bar'] });
  });
});

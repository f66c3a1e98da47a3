import { describe, expect, it } from 'vitest';
import { checkStopStrings } from '../../../electron/engine/inference/host/stopStrings.ts';
import { StreamedText } from '../../../electron/engine/inference/host/streamedText.ts';

/** A fake tokenizer: each token id maps to a byte sequence, decoded as UTF-8 the way llama.cpp does (U+FFFD for partial characters). */
function byteTokenizer(pieces: Record<number, number[]>) {
  return (tokens: readonly number[]) => Buffer.from(tokens.flatMap((id) => pieces[id] ?? [])).toString('utf8');
}

describe('stop strings', () => {
  it('finds the earliest stop string and holds back a possible beginning of one', () => {
    expect(checkStopStrings('hello\nUser: hi', ['User:', '\n\n'])).toEqual({ stopAt: 6, safeLength: 6 });
    expect(checkStopStrings('hello Us', ['User:'])).toEqual({ stopAt: null, safeLength: 6 });
    expect(checkStopStrings('hello', ['User:'])).toEqual({ stopAt: null, safeLength: 5 });
    expect(checkStopStrings('abc', [])).toEqual({ stopAt: null, safeLength: 3 });
  });
});

describe('StreamedText', () => {
  const text = (value: string) => [...Buffer.from(value, 'utf8')];

  it('emits complete characters only, even when one is split over tokens', () => {
    const [a, b, c] = text('你'); // three bytes
    const stream = new StreamedText(byteTokenizer({ 1: text('hi '), 2: [a!], 3: [b!], 4: [c!], 5: text('!') }), []);
    expect(stream.push(1).delta).toBe('hi ');
    expect(stream.push(2).delta).toBe('');
    expect(stream.push(3).delta).toBe('');
    expect(stream.push(4).delta).toBe('你');
    expect(stream.push(5).delta).toBe('!');
    expect(stream.finish()).toBe('');
    expect(stream.value).toBe('hi 你!');
  });

  it('never shows a stop string, even split over tokens, and cuts the text where it starts', () => {
    const stream = new StreamedText(byteTokenizer({ 1: text('Answer'), 2: text(' 42\nUs'), 3: text('er: more') }), ['User:']);
    const deltas = [stream.push(1), stream.push(2), stream.push(3)];
    expect(deltas.map((step) => step.delta)).toEqual(['Answer', ' 42\n', '']);
    expect(deltas[2]!.stopped).toBe(true);
    expect(stream.value).toBe('Answer 42\n');
    expect(stream.push(1)).toEqual({ delta: '', stopped: true });
  });

  it('releases a held-back partial stop string when generation ends without it', () => {
    const stream = new StreamedText(byteTokenizer({ 1: text('see Us') }), ['User:']);
    expect(stream.push(1).delta).toBe('see ');
    expect(stream.finish()).toBe('Us');
    expect(stream.value).toBe('see Us');
  });

  it('passes the preceding tokens to the detokenizer (spacing depends on them)', () => {
    const seen: number[][] = [];
    const stream = new StreamedText((tokens, previous) => {
      seen.push([...previous]);
      return `<${tokens.join(',')}>`;
    }, [], [7, 8]);
    stream.push(1);
    stream.push(2);
    expect(seen).toEqual([[7, 8], [7, 8, 1]]);
  });
});

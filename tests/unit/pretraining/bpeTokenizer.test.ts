import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from '../../../electron/engine/pretraining/tokenizer/bpeTokenizer.ts';
import { byteToUnicode, tokenTextToBytes } from '../../../electron/engine/pretraining/tokenizer/byteLevel.ts';
import { gpt2PreTokenizeBytes } from '../../../electron/engine/pretraining/tokenizer/gpt2PreTokenizer.ts';
import { trainBpe, type MergeEvent } from '../../../electron/engine/pretraining/tokenizer/trainBpe.ts';

const corpus = [
  'the cat sat on the mat. the cat ate the rat.',
  'Alice Anders was born in Paris. Alice Anders studied at Harbor University.',
  '爱丽丝·安德斯出生于巴黎。爱丽丝·安德斯就读于海港大学。',
].join('\n\n').repeat(20);

function pieces(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  let start = 0;
  return gpt2PreTokenizeBytes(bytes).map((end) => {
    const piece = bytes.subarray(start, end).toString('utf8');
    start = end;
    return piece;
  });
}

describe('byte-level table', () => {
  it('maps all 256 bytes to distinct characters, printable ASCII to itself and space to Ġ', () => {
    expect(new Set(byteToUnicode).size).toBe(256);
    expect(byteToUnicode[0x41]).toBe('A');
    expect(byteToUnicode[0x20]).toBe('Ġ');
    expect(byteToUnicode[0x0a]).toBe('Ċ');
    expect([...tokenTextToBytes('ĠA')!]).toEqual([0x20, 0x41]);
  });
});

describe('gpt-2 pre-tokenizer', () => {
  it('splits like the GPT-2 regex: contractions, a leading space joins letters/numbers/punctuation, whitespace runs', () => {
    expect(pieces("it's   a test,  we'll see 123!")).toEqual(['it', "'s", '  ', ' a', ' test', ',', ' ', ' we', "'ll", ' see', ' 123', '!']);
    expect(pieces('a\n\nb  ')).toEqual(['a', '\n', '\n', 'b', '  ']);
    expect(pieces('你好，世界😀🎉 ok')).toEqual(['你好', '，', '世界', '😀🎉', ' ok']);
  });

  it('uses llama.cpp\'s whitespace set: U+0085 is whitespace, U+FEFF is not', () => {
    expect(pieces('a\u0085b')).toEqual(['a', '\u0085', 'b']);
    expect(pieces('a\ufeffb')).toEqual(['a', '\ufeff', 'b']);
  });

  it('covers invalid UTF-8 exactly, a stray byte counting as an "other" character (like punctuation)', () => {
    // a | 0xFF, 0xC3 (a lead byte without its continuation), '(' | b
    const bytes = Uint8Array.from([0x61, 0xff, 0xc3, 0x28, 0x62]);
    expect(gpt2PreTokenizeBytes(bytes)).toEqual([1, 4, 5]);
    expect(gpt2PreTokenizeBytes(Uint8Array.from([0x20, 0xff, 0x20, 0x61]))).toEqual([2, 4]);
  });
});

describe('trainBpe', () => {
  it('learns merges in order with an event per merge, frequent words becoming single tokens', () => {
    const events: MergeEvent[] = [];
    const result = trainBpe(corpus, { vocabSize: 330, onMerge: (event) => events.push(event) });
    expect(result.mergeCount).toBe(events.length);
    expect(events.map((event) => event.rank)).toEqual(events.map((_, index) => index));
    // Counts never increase: each merge takes the most frequent pair left.
    for (let i = 1; i < events.length; i++) expect(events[i]!.count).toBeLessThanOrEqual(events[i - 1]!.count);
    const completed = events.flatMap((event) => event.completedWords.map((word) => word.word));
    expect(completed).toContain(' the');
    expect(completed).toContain(' cat');
    const tokenizer = new BpeTokenizer(result.spec);
    expect(tokenizer.vocabSize).toBe(330);
    expect(tokenizer.encode(' the cat')).toHaveLength(2);
  });

  it('is deterministic and stops early when no pair repeats', () => {
    const a = trainBpe(corpus, { vocabSize: 400 });
    const b = trainBpe(corpus, { vocabSize: 400 });
    expect(a.spec).toEqual(b.spec);
    const small = trainBpe('abc', { vocabSize: 400 });
    expect(small.mergeCount).toBe(0);
  });

  it('refuses a vocabulary smaller than bytes + special tokens', () => {
    expect(() => trainBpe(corpus, { vocabSize: 200 })).toThrow(/at least 259/);
  });
});

describe('BpeTokenizer round trips', () => {
  const tokenizer = new BpeTokenizer(trainBpe(corpus, { vocabSize: 360 }).spec);
  const samples = [
    'the cat sat on the mat.',
    '爱丽丝·安德斯出生于巴黎。这是一个没有见过的句子。',
    'emoji: 😀👩‍👩‍👧‍👦🏳️‍🌈 and flags 🇨🇳🇺🇸',
    'mixed: English, 中文, русский, العربية, हिन्दी, 日本語のテキスト',
    '   leading, trailing   \t\ttabs\n\n\nnewlines \r\n  ',
    '',
    "don't won't it's we'll they're I'd",
    '<|im_start|>user\nhello<|im_end|>',
  ];

  it.each(samples)('decode(encode(%j)) is the text', (text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('uses fewer tokens than bytes on text like the corpus', () => {
    const text = 'the cat sat on the mat. Alice Anders was born in Paris.';
    expect(tokenizer.encode(text).length).toBeLessThan(Buffer.byteLength(text) / 2);
  });

  it('parses special tokens only when asked', () => {
    const text = '<|im_start|>user\nhi<|im_end|>';
    const special = tokenizer.encode(text, { special: true });
    expect(special[0]).toBe(tokenizer.specialIds.get('<|im_start|>'));
    expect(special.at(-1)).toBe(tokenizer.specialIds.get('<|im_end|>'));
    const plain = tokenizer.encode(text);
    expect(plain.some((id) => tokenizer.isSpecial(id))).toBe(false);
    expect(tokenizer.decode(special)).toBe(text);
    expect(tokenizer.decode(special, { special: false })).toBe('user\nhi');
    expect(tokenizer.encode('x', { addBos: true })[0]).toBe(tokenizer.bosId);
  });

  it('round-trips arbitrary bytes, including invalid UTF-8, through encodeBytes/decodeBytes', () => {
    const invalid = Uint8Array.from([0xff, 0xfe, 0x61, 0xc3, 0x28, 0xe2, 0x82, 0x20, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98]);
    expect([...tokenizer.decodeBytes(tokenizer.encodeBytes(invalid))]).toEqual([...invalid]);
    const random = Uint8Array.from({ length: 2000 }, (_, i) => (i * 2654435761) >>> 24);
    expect([...tokenizer.decodeBytes(tokenizer.encodeBytes(random))]).toEqual([...random]);
    // As a string, invalid bytes decode to U+FFFD (documented: decode() is lossy only where the bytes are not UTF-8).
    expect(tokenizer.decode(tokenizer.encodeBytes(Uint8Array.from([0x61, 0xff])))).toBe('a\ufffd');
  });

  it('turns a lone surrogate into U+FFFD, as UTF-8 encoding must', () => {
    expect(tokenizer.decode(tokenizer.encode('a\ud800b'))).toBe('a\ufffdb');
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { tiktokenEncodingNames, tokenizerRefSchema } from '../../../electron/shared/contract/tokenizer.ts';
import { encodeWithTiktoken } from '../../../electron/engine/tokenizer/encodeWithTiktoken.ts';
import { freeAllTiktoken, loadedTiktokenEncodings } from '../../../electron/engine/tokenizer/tiktokenEncoders.ts';

afterAll(() => freeAllTiktoken());
const ids = (encoding: (typeof tiktokenEncodingNames)[number], text: string, mode: 'allow' | 'text' | 'refuse' = 'text'): number[] =>
  encodeWithTiktoken(encoding, text, mode).tokens.map((token) => token.id);

describe('tiktoken encodings: known ids from the lecture', () => {
  it('GPT-4 (cl100k_base): hello = 15339, 你 is one token', () => {
    expect(ids('cl100k_base', 'hello')).toEqual([15339]);
    const ni = encodeWithTiktoken('cl100k_base', '你', 'text');
    expect(ni.tokens).toEqual([{ id: 57668, bytes: 'e4bda0', text: '你', special: false }]);
  });

  it('韬 is three byte tokens, shown as bytes with no text (never U+FFFD)', () => {
    const tao = encodeWithTiktoken('cl100k_base', '韬', 'text');
    expect(tao.tokens).toEqual([
      { id: 165, bytes: 'e9', text: null, special: false },
      { id: 253, bytes: '9f', text: null, special: false },
      { id: 105, bytes: 'ac', text: null, special: false },
    ]);
    expect(tao.stats).toMatchObject({ chars: 1, bytes: 3, tokens: 3, tokensPerChar: 3 });
  });

  it('<|im_start|> = 100264 only when special tokens are allowed; otherwise text, or refused', () => {
    expect(ids('cl100k_base', '<|im_start|>user<|im_sep|>hi<|im_end|>', 'allow')).toEqual([100264, 882, 100266, 6151, 100265]);
    const asText = encodeWithTiktoken('cl100k_base', '<|im_start|>user', 'text');
    expect(asText.tokens.map((token) => token.id)).not.toContain(100264);
    expect(asText.tokens.length).toBeGreaterThan(2);
    expect(asText.tokens.some((token) => token.special)).toBe(false);
    expect(asText.specialTextFound).toEqual(['<|im_start|>']);
    expect(() => encodeWithTiktoken('cl100k_base', 'a <|im_end|>', 'refuse')).toThrow(WorkbenchError);
    try {
      encodeWithTiktoken('cl100k_base', 'a <|im_end|>', 'refuse');
    } catch (error) {
      expect((error as WorkbenchError).details).toMatchObject({ field: 'text', token: '<|im_end|>', offset: 2 });
    }
    expect(ids('cl100k_base', '<|endoftext|>', 'allow')).toEqual([100257]);
  });

  it('o200k_base (GPT-4o): its own ids, and the harmony chat tokens as a labelled extension', () => {
    expect(ids('o200k_base', 'hello')).toEqual([24912]);
    expect(ids('o200k_base', '你好')).toEqual([177519]);
    expect(ids('o200k_base', '<|start|>user<|message|>hi<|end|>', 'allow')).toEqual([200006, 1428, 200008, 3686, 200007]);
    expect(ids('o200k_base', '<|endoftext|>', 'allow')).toEqual([199999]);
  });

  it('r50k_base (GPT-2, also accepted as "gpt2") and p50k_base', () => {
    expect(ids('r50k_base', 'hello')).toEqual([31373]);
    expect(ids('p50k_base', 'hello')).toEqual([31373]);
    expect(ids('r50k_base', '你')).toEqual([19526, 254]);
    expect(tokenizerRefSchema.parse({ kind: 'tiktoken', encoding: 'gpt2' })).toEqual({ kind: 'tiktoken', encoding: 'r50k_base' });
  });

  it('every encoding is lossless on lecture-style mixed text: token bytes concatenate to the text', () => {
    const sample = [
      '第二讲 大模型是如何炼成的',
      'Loss = - log P(next word | previous words)  (per word, on an unseen test set)',
      '如果 loss 是3，那么平均来说，正确预测下一个单词的概率是1/e^3。',
      '<|system|>\n你是一个AI助手\n<|end|>\n\t emoji 🙂 and 韬光养晦 9.9 vs 9.11',
    ].join('\n');
    for (const encoding of tiktokenEncodingNames) {
      const result = encodeWithTiktoken(encoding, sample, 'text');
      const bytes = Buffer.concat(result.tokens.map((token) => Buffer.from(token.bytes, 'hex')));
      expect(bytes.toString('utf8')).toBe(sample);
      expect(result.count).toBe(result.tokens.length);
      expect(result.tokens.every((token) => token.text === null || !token.text.includes('\uFFFD'))).toBe(true);
    }
  });

  it('keeps encoders loaded between calls and frees them on request', () => {
    encodeWithTiktoken('p50k_base', 'x', 'text');
    expect(loadedTiktokenEncodings()).toContain('p50k_base');
    freeAllTiktoken();
    expect(loadedTiktokenEncodings()).toEqual([]);
  });
});

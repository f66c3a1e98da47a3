import { describe, expect, it } from 'vitest';
import { buildSpmVocabulary, tokenTypes } from '../../../electron/engine/gguf/spmVocabulary.ts';

describe('buildSpmVocabulary', () => {
  it('lays out special, byte and ordinary tokens like Llama 2', () => {
    const vocabulary = buildSpmVocabulary(300, false);
    expect(vocabulary.tokens.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(vocabulary.tokenTypes.slice(0, 3)).toEqual([tokenTypes.unknown, tokenTypes.control, tokenTypes.control]);
    expect(vocabulary.tokens[3]).toBe('<0x00>');
    expect(vocabulary.tokens[3 + 0x0a]).toBe('<0x0A>');
    expect(vocabulary.tokens[258]).toBe('<0xFF>');
    expect(vocabulary.tokenTypes.slice(3, 259).every((type) => type === tokenTypes.byte)).toBe(true);
    expect(vocabulary.tokens[259]).toBe('\u2581');
    expect(vocabulary.tokenTypes.slice(259).every((type) => type === tokenTypes.normal)).toBe(true);
    // Ordinary pieces are ranked: earlier pieces score higher, so SentencePiece prefers them.
    const ordinaryScores = vocabulary.scores.slice(259);
    expect(ordinaryScores.every((score, index) => index === 0 || score < ordinaryScores[index - 1]!)).toBe(true);
    expect([vocabulary.unknownId, vocabulary.bosId, vocabulary.eosId]).toEqual([0, 1, 2]);
  });

  it('adds the ChatML control tokens and ends generation at <|im_end|>', () => {
    const vocabulary = buildSpmVocabulary(300, true);
    expect(vocabulary.tokens).toHaveLength(300);
    expect(vocabulary.tokens[vocabulary.imStartId!]).toBe('<|im_start|>');
    expect(vocabulary.tokens[vocabulary.imEndId!]).toBe('<|im_end|>');
    expect(vocabulary.tokenTypes[vocabulary.imStartId!]).toBe(tokenTypes.control);
    expect(vocabulary.tokenTypes[vocabulary.imEndId!]).toBe(tokenTypes.control);
    expect(vocabulary.eosId).toBe(vocabulary.imEndId);
  });

  it('fills any size with unique tokens', () => {
    for (const [size, chat] of [[259, false], [261, true], [1000, false], [40_000, true]] as const) {
      const vocabulary = buildSpmVocabulary(size, chat);
      expect(vocabulary.tokens).toHaveLength(size);
      expect(vocabulary.scores).toHaveLength(size);
      expect(vocabulary.tokenTypes).toHaveLength(size);
      expect(new Set(vocabulary.tokens).size).toBe(size); // llama.cpp asserts token texts are unique
      expect(vocabulary.tokens.every((token) => token.length > 0)).toBe(true);
    }
    expect(() => buildSpmVocabulary(260, true)).toThrow(/reserved/);
  });
});

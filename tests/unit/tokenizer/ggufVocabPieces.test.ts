import { describe, expect, it } from 'vitest';
import { ggufTokenBytes, ggufTokenType, isSpecialGgufToken, type GgufVocab } from '../../../electron/engine/tokenizer/ggufVocabPieces.ts';

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));
const { normal, control, userDefined, byte, unknown } = ggufTokenType;

describe('GGUF token pieces as bytes', () => {
  it('SentencePiece (llama): ▁ is a space, <0xE9> is one byte, control tokens are literal and special', () => {
    const vocab: GgufVocab = { model: 'llama', tokens: ['<unk>', '<s>', '<0xE9>', '▁hello', '你', '<|im_start|>'], tokenTypes: [unknown, control, byte, normal, normal, userDefined] };
    expect(hex(ggufTokenBytes(vocab, 3))).toBe(Buffer.from(' hello').toString('hex'));
    expect(hex(ggufTokenBytes(vocab, 2))).toBe('e9');
    expect(hex(ggufTokenBytes(vocab, 4))).toBe('e4bda0');
    expect(hex(ggufTokenBytes(vocab, 5))).toBe(Buffer.from('<|im_start|>').toString('hex'));
    expect([0, 1, 2, 3, 4, 5].map((id) => isSpecialGgufToken(vocab, id))).toEqual([true, true, false, false, false, true]);
  });

  it('byte-level BPE (gpt2): Ġ is a space, Ċ a newline, and printable stand-ins map back to raw bytes', () => {
    // 你 = e4 bd a0: e4 and bd are printable Latin-1 (ä ½), a0 is not and is stored as U+0142 (ł).
    const vocab: GgufVocab = { model: 'gpt2', tokens: ['Ġhello', 'Ċ', 'ä½ł', 'é', '<|im_end|>'], tokenTypes: [normal, normal, normal, normal, control] };
    expect(Buffer.from(ggufTokenBytes(vocab, 0) as Uint8Array).toString()).toBe(' hello');
    expect(hex(ggufTokenBytes(vocab, 1))).toBe('0a');
    expect(Buffer.from(ggufTokenBytes(vocab, 2) as Uint8Array).toString()).toBe('你');
    expect(hex(ggufTokenBytes(vocab, 3))).toBe('e9'); // one byte of a character: not valid UTF-8 alone
    expect(Buffer.from(ggufTokenBytes(vocab, 4) as Uint8Array).toString()).toBe('<|im_end|>');
  });

  it('returns null for vocabularies it does not understand and ids out of range', () => {
    expect(ggufTokenBytes({ model: 'rwkv', tokens: ['x'], tokenTypes: [normal] }, 0)).toBeNull();
    expect(ggufTokenBytes({ model: 'llama', tokens: [], tokenTypes: [] }, 3)).toBeNull();
  });
});

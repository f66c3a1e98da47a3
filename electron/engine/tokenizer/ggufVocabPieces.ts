/**
 * Turns a GGUF vocabulary entry into the bytes that token stands for, the way llama.cpp's token_to_piece does,
 * so byte tokens show as bytes (llama.cpp's own detokenizer hands JavaScript a string and loses them).
 */

/** llama.cpp's `tokenizer.ggml.token_type` values. */
export const ggufTokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface GgufVocab {
  /** `tokenizer.ggml.model`: llama (SentencePiece), gpt2 (byte-level BPE), bert, t5, ... */
  readonly model: string;
  readonly tokens: readonly string[];
  readonly tokenTypes: readonly number[] | undefined;
}

const utf8 = new TextEncoder();
const sentencePieceSpace = '\u2581';

let byteLevelDecoder: Map<string, number> | null = null;

/**
 * GPT-2's byte-level BPE stores each byte as a printable character: printable Latin-1 bytes stand for
 * themselves, the others are moved to U+0100 upwards in byte order. This is the inverse mapping.
 */
function byteLevelDecoderMap(): Map<string, number> {
  if (byteLevelDecoder) return byteLevelDecoder;
  const map = new Map<string, number>();
  const printable = (byte: number): boolean => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let shifted = 0;
  for (let byte = 0; byte < 256; byte++) {
    if (printable(byte)) map.set(String.fromCodePoint(byte), byte);
    else map.set(String.fromCodePoint(256 + shifted++), byte);
  }
  byteLevelDecoder = map;
  return map;
}

function decodeByteLevel(piece: string): Uint8Array {
  const decoder = byteLevelDecoderMap();
  const out: number[] = [];
  for (const char of piece) {
    const byte = decoder.get(char);
    if (byte === undefined) out.push(...utf8.encode(char));
    else out.push(byte);
  }
  return Uint8Array.from(out);
}

/** True for tokens a user would call special: control tokens, added tokens, `<unk>`. */
export function isSpecialGgufToken(vocab: GgufVocab, id: number): boolean {
  const type = vocab.tokenTypes?.[id];
  return type === ggufTokenType.control || type === ggufTokenType.userDefined || type === ggufTokenType.unknown;
}

/** The token's bytes, or null when this vocabulary kind is not understood (callers fall back to llama.cpp's text). */
export function ggufTokenBytes(vocab: GgufVocab, id: number): Uint8Array | null {
  const piece = vocab.tokens[id];
  if (piece === undefined) return null;
  const type = vocab.tokenTypes?.[id] ?? ggufTokenType.normal;
  if (type === ggufTokenType.byte) {
    const match = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
    return match ? Uint8Array.of(Number.parseInt(match[1] as string, 16)) : null;
  }
  if (type !== ggufTokenType.normal) return utf8.encode(piece);
  switch (vocab.model) {
    case 'llama':
    case 't5':
      return utf8.encode(piece.replaceAll(sentencePieceSpace, ' '));
    case 'gpt2':
      return decodeByteLevel(piece);
    default:
      return null;
  }
}

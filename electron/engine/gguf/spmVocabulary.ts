import { chatmlTokenCount, reservedTokenCount } from './llamaModelShape.ts';

/** llama.cpp's `tokenizer.ggml.token_type` values. */
export const tokenTypes = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface SpmVocabulary {
  readonly tokens: readonly string[];
  readonly scores: readonly number[];
  readonly tokenTypes: readonly number[];
  readonly unknownId: number;
  readonly bosId: number;
  readonly eosId: number;
  /** Present only in chat vocabularies. */
  readonly imStartId?: number;
  readonly imEndId?: number;
}

/** SentencePiece marks a word boundary (a space) with U+2581. */
const space = '\u2581';
const lettersByFrequency = 'etaoinshrdlcumwfgypbvkjxqz';
const frequentPairs = ['th', 'he', 'in', 'er', 'an', 're', 'on', 'at', 'en', 'nd', 'ti', 'es', 'or', 'te', 'of', 'ed', 'is', 'it', 'al', 'ar', 'st', 'to', 'nt', 'ng', 'se', 'ha', 'as', 'ou', 'io', 'le', 've', 'co', 'me', 'de', 'hi', 'ri', 'ro', 'ic', 'ne', 'ea', 'ra', 'ce', 'ing', 'ion', 'ent', 'tion'];
const commonWords = ['the', 'of', 'and', 'to', 'a', 'in', 'is', 'you', 'that', 'it', 'he', 'was', 'for', 'on', 'are', 'as', 'with', 'his', 'they', 'I', 'at', 'be', 'this', 'have', 'from', 'or', 'one', 'had', 'by', 'word', 'but', 'not', 'what', 'all', 'were', 'we', 'when', 'your', 'can', 'said', 'there', 'use', 'an', 'each', 'which', 'she', 'do', 'how', 'their', 'if', 'will', 'up', 'other', 'about', 'out', 'many', 'then', 'them', 'these', 'so', 'some', 'her', 'would', 'make', 'like', 'him', 'into', 'time', 'has', 'look', 'two', 'more', 'write', 'go', 'see', 'number', 'no', 'way', 'could', 'people', 'my', 'than', 'first', 'water', 'been', 'call', 'who', 'now', 'find', 'long', 'down', 'day', 'did', 'get', 'come', 'made', 'may', 'part', 'Hello', 'hello', 'world', 'The', 'model', 'user', 'assistant', 'question', 'answer', 'yes', 'Yes', 'No', 'What', 'This', 'It'];
const otherCharacters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?\'":;-()[]{}/\\@#$%&*+=<>_~`|';

/**
 * Ordinary pieces in priority order: the boundary marker and lowercase letters first (so even a tiny vocabulary
 * spells most text without byte fallback), then frequent pairs and whole words with every prefix a merge needs
 * to reach them, then other characters, then an endless run of letter combinations to fill any size.
 */
function* ordinaryPieces(): Generator<string> {
  yield space;
  for (const letter of lettersByFrequency) yield letter;
  for (const letter of lettersByFrequency) yield space + letter;
  for (const pair of frequentPairs) {
    for (let end = 2; end <= pair.length; end++) yield pair.slice(0, end);
  }
  for (const word of commonWords) {
    const piece = space + word;
    for (let end = 2; end <= piece.length; end++) yield piece.slice(0, end);
  }
  for (const character of otherCharacters) yield character;
  for (let length = 2; ; length++) {
    for (const combination of letterCombinations(length)) {
      yield space + combination;
      yield combination;
    }
  }
}

function* letterCombinations(length: number): Generator<string> {
  const digits = new Array<number>(length).fill(0);
  for (;;) {
    yield digits.map((digit) => lettersByFrequency[digit]).join('');
    let position = length - 1;
    while (position >= 0 && digits[position] === lettersByFrequency.length - 1) digits[position--] = 0;
    if (position < 0) return;
    digits[position]! += 1;
  }
}

const byteToken = (byte: number): string => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;

/**
 * A SentencePiece ('llama') vocabulary of exactly `size` tokens laid out like Llama 2's: <unk>, <s>, </s>, the
 * 256 byte-fallback tokens, ordinary pieces scored by rank, and — for chat models — the ChatML control tokens
 * last, where fine-tunes add them. Token texts are unique, which llama.cpp asserts.
 */
export function buildSpmVocabulary(size: number, chat: boolean): SpmVocabulary {
  const specialTail = chat ? chatmlTokenCount : 0;
  const ordinaryCount = size - reservedTokenCount - specialTail;
  if (ordinaryCount < 0) throw new Error(`vocabulary of ${size} cannot hold the ${reservedTokenCount + specialTail} reserved tokens`);

  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [tokenTypes.unknown, tokenTypes.control, tokenTypes.control];
  const scores = [0, 0, 0];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(byteToken(byte));
    types.push(tokenTypes.byte);
    scores.push(0);
  }

  const seen = new Set(tokens);
  let rank = 0;
  for (const piece of ordinaryPieces()) {
    if (rank === ordinaryCount) break;
    if (seen.has(piece)) continue;
    seen.add(piece);
    tokens.push(piece);
    types.push(tokenTypes.normal);
    scores.push(-rank);
    rank++;
  }

  if (!chat) return { tokens, scores, tokenTypes: types, unknownId: 0, bosId: 1, eosId: 2 };
  const imStartId = tokens.push('<|im_start|>') - 1;
  const imEndId = tokens.push('<|im_end|>') - 1;
  types.push(tokenTypes.control, tokenTypes.control);
  scores.push(0, 0);
  // A chat turn ends with <|im_end|>, so that is the end-of-generation token.
  return { tokens, scores, tokenTypes: types, unknownId: 0, bosId: 1, eosId: imEndId, imStartId, imEndId };
}

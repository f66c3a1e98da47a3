import { writeFileSync } from 'node:fs';

/**
 * Writes tokenizer-only GGUF files (metadata, no weights) that llama.cpp loads with `vocabOnly`: the smallest
 * thing that exercises a model's own tokenizer, both vocabulary kinds real models use, and a chat template.
 */
const enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

type Value =
  | { type: ValueType.Uint32 | ValueType.Int32 | ValueType.Float32; value: number }
  | { type: ValueType.Bool; value: boolean }
  | { type: ValueType.String; value: string }
  | { type: ValueType.Array; of: ValueType.String; value: readonly string[] }
  | { type: ValueType.Array; of: ValueType.Int32 | ValueType.Float32; value: readonly number[] };

function encodeString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([length, bytes]);
}

function scalar(type: ValueType, value: number | boolean | string): Buffer {
  switch (type) {
    case ValueType.Uint32: {
      const buffer = Buffer.alloc(4);
      buffer.writeUInt32LE(value as number);
      return buffer;
    }
    case ValueType.Int32: {
      const buffer = Buffer.alloc(4);
      buffer.writeInt32LE(value as number);
      return buffer;
    }
    case ValueType.Float32: {
      const buffer = Buffer.alloc(4);
      buffer.writeFloatLE(value as number);
      return buffer;
    }
    case ValueType.Bool:
      return Buffer.from([value ? 1 : 0]);
    default:
      return encodeString(value as string);
  }
}

function encodeEntry(key: string, entry: Value): Buffer {
  const type = Buffer.alloc(4);
  type.writeUInt32LE(entry.type);
  if (entry.type !== ValueType.Array) return Buffer.concat([encodeString(key), type, scalar(entry.type, entry.value)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(entry.of, 0);
  header.writeBigUInt64LE(BigInt(entry.value.length), 4);
  const items = (entry.value as readonly (string | number)[]).map((item) => scalar(entry.of, item));
  return Buffer.concat([encodeString(key), type, header, ...items]);
}

function writeGguf(file: string, entries: Record<string, Value>): void {
  const header = Buffer.alloc(24);
  header.write('GGUF', 0, 'latin1');
  header.writeUInt32LE(3, 4);
  header.writeBigUInt64LE(0n, 8); // no tensors
  header.writeBigUInt64LE(BigInt(Object.keys(entries).length), 16);
  writeFileSync(file, Buffer.concat([header, ...Object.entries(entries).map(([key, value]) => encodeEntry(key, value))]));
}

const u32 = (value: number): Value => ({ type: ValueType.Uint32, value });
const str = (value: string): Value => ({ type: ValueType.String, value });

export const chatmlTemplate =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

const architecture = (): Record<string, Value> => ({
  'general.architecture': str('llama'),
  'general.name': str('tokenizer-fixture'),
  'llama.context_length': u32(256),
  'llama.embedding_length': u32(16),
  'llama.block_count': u32(1),
  'llama.feed_forward_length': u32(32),
  'llama.attention.head_count': u32(2),
  'llama.attention.head_count_kv': u32(2),
  'llama.rope.dimension_count': u32(8),
  'llama.attention.layer_norm_rms_epsilon': { type: ValueType.Float32, value: 1e-5 },
});

const normal = 1;
const control = 3;
const byteType = 6;

/** SentencePiece with byte fallback (every byte is a `<0xNN>` token) plus ChatML control tokens. */
export function writeSentencePieceGguf(file: string): void {
  const pieces = ['▁', 'h', 'e', 'l', 'o', 'he', 'll', 'hell', 'hello', '▁hello', 'u', 's', 'r', 'user', '▁user', 'a', 'i', 't', 'n', 'assistant', '▁assistant', '你', '好', '\n'];
  const tokens = ['<unk>', '<s>', '</s>', ...Array.from({ length: 256 }, (_, byte) => `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`), ...pieces, '<|im_start|>', '<|im_end|>'];
  const types = [2, control, control, ...Array<number>(256).fill(byteType), ...Array<number>(pieces.length).fill(normal), control, control];
  // SentencePiece merges the highest-scoring pieces first: longer pieces score higher.
  const scores = tokens.map((token, id) => (types[id] === normal ? -10 + [...token].length : 0));
  writeGguf(file, {
    ...architecture(),
    'tokenizer.ggml.model': str('llama'),
    'tokenizer.ggml.tokens': { type: ValueType.Array, of: ValueType.String, value: tokens },
    'tokenizer.ggml.scores': { type: ValueType.Array, of: ValueType.Float32, value: scores },
    'tokenizer.ggml.token_type': { type: ValueType.Array, of: ValueType.Int32, value: types },
    'tokenizer.ggml.bos_token_id': u32(1),
    'tokenizer.ggml.eos_token_id': u32(tokens.indexOf('<|im_end|>')),
    'tokenizer.ggml.unknown_token_id': u32(0),
    'tokenizer.chat_template': str(chatmlTemplate),
  });
}

/** GPT-2's byte-level alphabet: printable Latin-1 bytes stand for themselves, the rest move to U+0100 onwards. */
function byteLevelAlphabet(): string[] {
  const printable = (byte: number): boolean => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let shifted = 0;
  return Array.from({ length: 256 }, (_, byte) => (printable(byte) ? String.fromCodePoint(byte) : String.fromCodePoint(256 + shifted++)));
}

/** Byte-level BPE (as Llama 3 and Qwen use) with a few merges, ChatML control tokens and no chat template. */
export function writeByteLevelBpeGguf(file: string): void {
  const alphabet = byteLevelAlphabet();
  const merges = ['h e', 'l l', 'he ll', 'hell o', 'Ġ hello', 'ä ½', 'ä½ ł'];
  const merged = ['he', 'll', 'hell', 'hello', 'Ġhello', 'ä½', 'ä½ł'];
  const tokens = [...alphabet, ...merged, '<|im_start|>', '<|im_end|>', '<|endoftext|>'];
  const types = [...Array<number>(alphabet.length + merged.length).fill(normal), control, control, control];
  writeGguf(file, {
    ...architecture(),
    'tokenizer.ggml.model': str('gpt2'),
    'tokenizer.ggml.pre': str('default'),
    'tokenizer.ggml.tokens': { type: ValueType.Array, of: ValueType.String, value: tokens },
    'tokenizer.ggml.token_type': { type: ValueType.Array, of: ValueType.Int32, value: types },
    'tokenizer.ggml.merges': { type: ValueType.Array, of: ValueType.String, value: merges },
    'tokenizer.ggml.bos_token_id': u32(tokens.indexOf('<|endoftext|>')),
    'tokenizer.ggml.eos_token_id': u32(tokens.indexOf('<|endoftext|>')),
  });
}

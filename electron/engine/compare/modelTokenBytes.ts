import { statSync } from 'node:fs';
import { readGguf, metadataString } from '../gguf/ggufReader.ts';
import { ggufTokenBytes, type GgufVocab } from '../tokenizer/ggufVocabPieces.ts';
import { utf8Bytes } from '../tokenizer/tokenBytes.ts';

const cache = new Map<string, { stamp: string; vocab: GgufVocab | null }>();

function vocabOf(modelPath: string): GgufVocab | null {
  let stamp: string;
  try {
    const stat = statSync(modelPath);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
  const cached = cache.get(modelPath);
  if (cached?.stamp === stamp) return cached.vocab;
  let vocab: GgufVocab | null = null;
  try {
    const { metadata } = readGguf(modelPath);
    const tokens = metadata.get('tokenizer.ggml.tokens');
    const types = metadata.get('tokenizer.ggml.token_type');
    if (tokens?.type === 'array' && tokens.itemType === 'string') {
      vocab = {
        model: metadataString(metadata, 'tokenizer.ggml.model') ?? 'unknown',
        tokens: tokens.value,
        tokenTypes: types?.type === 'array' && typeof types.value[0] === 'number' ? (types.value as readonly number[]) : undefined,
      };
    }
  } catch {
    vocab = null;
  }
  cache.set(modelPath, { stamp, vocab });
  return vocab;
}

/**
 * The bytes of each scored token, from the model's GGUF vocabulary (llama.cpp's detokenizer gives JavaScript a
 * string, which turns a byte token into U+FFFD and would break the shift view's byte alignment). Falls back to the
 * token's text when the vocabulary is a kind we do not decode.
 */
export function modelTokenBytes(modelPath: string): (id: number, text: string) => Uint8Array {
  const vocab = vocabOf(modelPath);
  return (id, text) => (vocab ? ggufTokenBytes(vocab, id) : null) ?? utf8Bytes(text);
}

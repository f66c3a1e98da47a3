import { basename } from 'node:path';
import type { LlamaModel, Token } from 'node-llama-cpp';
import type { SpecialToken, SpecialTokenMode, TokenizerDescription, TokenView } from '../../shared/contract/tokenizer.ts';
import { ggufTokenBytes, isSpecialGgufToken, type GgufVocab } from './ggufVocabPieces.ts';
import { assertNoSpecialSpellings } from './specialSpellings.ts';
import { bytesToHex, completeUtf8Text, utf8Bytes } from './tokenBytes.ts';

/** The most special tokens we list for a model (Gemma has thousands of `<unusedN>`). */
const maxListedSpecialTokens = 1000;

interface GgufTokenizerMetadata {
  readonly model?: string;
  readonly tokens?: readonly string[];
  readonly token_type?: readonly number[];
}

/** A loaded model's tokenizer as the lab needs it: ids, bytes per token, special tokens. */
export class ModelTokenizer {
  readonly vocab: GgufVocab;
  readonly description: TokenizerDescription;
  private specialSpellingsCache: string[] | null = null;

  constructor(
    readonly model: LlamaModel,
    readonly modelPath: string,
  ) {
    const metadata = model.fileInfo.metadata as { tokenizer?: { ggml?: GgufTokenizerMetadata; chat_template?: string } };
    const ggml = metadata.tokenizer?.ggml ?? {};
    this.vocab = { model: ggml.model ?? 'unknown', tokens: ggml.tokens ?? [], tokenTypes: ggml.token_type };
    this.description = {
      kind: 'model',
      name: basename(modelPath),
      modelPath,
      algorithm: this.vocab.model,
      vocabSize: this.vocab.tokens.length,
    };
  }

  get chatTemplate(): string | null {
    const metadata = this.model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } };
    const template = metadata.tokenizer?.chat_template;
    return typeof template === 'string' && template.trim() !== '' ? template : null;
  }

  specialTokens(): SpecialToken[] {
    const listed: SpecialToken[] = [];
    this.vocab.tokens.forEach((text, id) => {
      if (listed.length < maxListedSpecialTokens && isSpecialGgufToken(this.vocab, id)) listed.push({ text, id, extension: null });
    });
    return listed;
  }

  /** Every spelling that the tokenizer turns into a special token when special tokens are parsed. */
  specialSpellings(): string[] {
    this.specialSpellingsCache ??= this.vocab.tokens.filter((_, id) => isSpecialGgufToken(this.vocab, id));
    return this.specialSpellingsCache;
  }

  tokenize(text: string, mode: SpecialTokenMode): Token[] {
    if (mode === 'refuse') assertNoSpecialSpellings(text, this.specialSpellings());
    return this.model.tokenize(text, mode === 'allow');
  }

  tokenBytes(id: number): Uint8Array {
    return ggufTokenBytes(this.vocab, id) ?? utf8Bytes(this.model.detokenize([id as Token], true));
  }

  tokenView(id: number): { view: TokenView; bytes: Uint8Array } {
    const bytes = this.tokenBytes(id);
    return { view: { id, bytes: bytesToHex(bytes), text: completeUtf8Text(bytes), special: isSpecialGgufToken(this.vocab, id) }, bytes };
  }

  tokenString(id: Token | null): string | null {
    if (id === null) return null;
    return this.vocab.tokens[id] ?? this.model.detokenize([id], true);
  }
}

import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { byteToUnicode, tokenTextToBytes } from './byteLevel.ts';
import { gpt2PreTokenizeBytes } from './gpt2PreTokenizer.ts';

/** The ChatML control tokens plus a document separator; every tokenizer we train has these three, in this order. */
export const defaultSpecialTokens = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

/**
 * A trained byte-level BPE tokenizer, as saved by `workbench tokenizer train` and written into GGUF files.
 * Token ids: 0–255 are the single bytes in byte order, then one token per merge (unless the merged text already
 * exists), then the special tokens.
 */
export interface BpeTokenizerSpec {
  readonly format: 'workbench-byte-bpe';
  readonly version: 1;
  /** llama.cpp's `tokenizer.ggml.pre` name; only 'gpt-2' is produced. */
  readonly preTokenizer: 'gpt-2';
  /** In rank order, as "left right" in byte-level characters (the GGUF merges format). */
  readonly merges: readonly string[];
  readonly specialTokens: readonly string[];
  /** Special token prepended to documents and prompts. */
  readonly bosToken: string;
  /** Special token that ends a document. */
  readonly eosToken: string;
}

export interface EncodeOptions {
  /** Parse special-token spellings such as <|im_start|> into their ids (default false: they are plain text). */
  readonly special?: boolean;
  readonly addBos?: boolean;
}

interface MergeRule {
  readonly rank: number;
  readonly result: number;
}

const pairKey = (left: number, right: number) => left * 0x200000 + right;

/**
 * Encodes and decodes with a trained byte-level BPE, the way llama.cpp's BPE tokenizer does (llm_tokenizer_bpe):
 * special tokens are cut out first, each remaining fragment is pre-tokenized (gpt2PreTokenizer.ts), and each piece
 * is merged by repeatedly joining the adjacent pair with the lowest merge rank, leftmost first.
 */
export class BpeTokenizer {
  readonly tokens: readonly string[];
  readonly specialIds: ReadonlyMap<string, number>;
  readonly bosId: number;
  readonly eosId: number;
  private readonly tokenBytes: readonly Uint8Array[];
  private readonly rules = new Map<number, MergeRule>();
  private readonly pieceCache = new Map<string, readonly number[]>();
  private readonly specialPattern: RegExp | null;

  constructor(readonly spec: BpeTokenizerSpec) {
    const tokens = byteToUnicode.slice();
    const idOf = new Map(tokens.map((text, id) => [text, id]));
    spec.merges.forEach((merge, rank) => {
      const parts = merge.split(' ');
      const left = idOf.get(parts[0] ?? '');
      const right = idOf.get(parts[1] ?? '');
      if (parts.length !== 2 || left === undefined || right === undefined) {
        throw new WorkbenchError('bad_input', `Tokenizer merge ${rank} ("${merge}") joins tokens that do not exist yet`, { field: `merges[${rank}]` });
      }
      const text = parts[0]! + parts[1]!;
      let result = idOf.get(text);
      if (result === undefined) {
        result = tokens.push(text) - 1;
        idOf.set(text, result);
      }
      this.rules.set(pairKey(left, right), { rank, result });
    });
    const specialIds = new Map<string, number>();
    for (const special of spec.specialTokens) {
      if (idOf.has(special)) throw new WorkbenchError('bad_input', `Special token ${special} is listed twice or collides with a merge`, { field: 'specialTokens' });
      const id = tokens.push(special) - 1;
      idOf.set(special, id);
      specialIds.set(special, id);
    }
    const bosId = specialIds.get(spec.bosToken);
    const eosId = specialIds.get(spec.eosToken);
    if (bosId === undefined || eosId === undefined) {
      throw new WorkbenchError('bad_input', 'The bos and eos tokens must be special tokens of the tokenizer', { field: 'bosToken' });
    }
    this.tokens = tokens;
    this.specialIds = specialIds;
    this.bosId = bosId;
    this.eosId = eosId;
    this.tokenBytes = tokens.map((text, id) => (specialIds.has(text) && id >= 256 ? Buffer.from(text, 'utf8') : tokenTextToBytes(text)!));
    const escaped = [...specialIds.keys()].sort((a, b) => b.length - a.length).map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.specialPattern = escaped.length > 0 ? new RegExp(escaped.join('|'), 'g') : null;
  }

  get vocabSize(): number {
    return this.tokens.length;
  }

  isSpecial(id: number): boolean {
    return id >= this.tokens.length - this.specialIds.size;
  }

  /** Text to ids. Lone UTF-16 surrogates cannot be UTF-8 and become U+FFFD first (TextEncoder's rule). */
  encode(text: string, options: EncodeOptions = {}): number[] {
    const ids: number[] = options.addBos ? [this.bosId] : [];
    if (!options.special || !this.specialPattern) {
      this.encodeFragment(Buffer.from(text, 'utf8'), ids);
      return ids;
    }
    let last = 0;
    for (const match of text.matchAll(this.specialPattern)) {
      if (match.index > last) this.encodeFragment(Buffer.from(text.slice(last, match.index), 'utf8'), ids);
      ids.push(this.specialIds.get(match[0])!);
      last = match.index + match[0].length;
    }
    if (last < text.length) this.encodeFragment(Buffer.from(text.slice(last), 'utf8'), ids);
    return ids;
  }

  /** Any bytes, valid UTF-8 or not, to ids; decodeBytes gives back exactly these bytes. Special tokens are not parsed. */
  encodeBytes(bytes: Uint8Array): number[] {
    const ids: number[] = [];
    this.encodeFragment(bytes, ids);
    return ids;
  }

  decodeBytes(ids: readonly number[] | Int32Array): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const id of ids) {
      const bytes = this.tokenBytes[id];
      if (!bytes) throw new WorkbenchError('bad_input', `Token id ${id} is outside the vocabulary of ${this.tokens.length}`, { field: 'tokens' });
      parts.push(bytes);
    }
    return Buffer.concat(parts);
  }

  /** Ids to text; bytes that are not valid UTF-8 (a cut multi-byte character) show as U+FFFD. */
  decode(ids: readonly number[] | Int32Array, options: { special?: boolean } = {}): string {
    const kept = options.special === false ? [...ids].filter((id) => !this.isSpecial(id)) : ids;
    return Buffer.from(this.decodeBytes(kept)).toString('utf8');
  }

  /** The text of each token as bytes would show it (for displays). */
  tokenText(id: number): string {
    return Buffer.from(this.decodeBytes([id])).toString('utf8');
  }

  private encodeFragment(bytes: Uint8Array, out: number[]): void {
    let start = 0;
    for (const end of gpt2PreTokenizeBytes(bytes)) {
      const piece = bytes.subarray(start, end);
      start = end;
      const key = Buffer.from(piece).toString('latin1');
      let ids = this.pieceCache.get(key);
      if (!ids) {
        ids = this.mergePiece(piece);
        if (this.pieceCache.size > 100_000) this.pieceCache.clear();
        this.pieceCache.set(key, ids);
      }
      for (const id of ids) out.push(id);
    }
  }

  private mergePiece(piece: Uint8Array): number[] {
    const symbols = Array.from(piece);
    for (;;) {
      let best: MergeRule | undefined;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rule = this.rules.get(pairKey(symbols[i]!, symbols[i + 1]!));
        if (rule && (!best || rule.rank < best.rank)) {
          best = rule;
          bestAt = i;
        }
      }
      if (!best) return symbols;
      symbols.splice(bestAt, 2, best.result);
    }
  }
}

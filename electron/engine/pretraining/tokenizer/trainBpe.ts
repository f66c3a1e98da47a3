import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { byteToUnicode } from './byteLevel.ts';
import { defaultSpecialTokens, type BpeTokenizerSpec } from './bpeTokenizer.ts';
import { gpt2PreTokenizeBytes } from './gpt2PreTokenizer.ts';

export interface MergeEvent {
  /** 0-based merge rank. */
  readonly rank: number;
  /** The two tokens joined and the result, as text (bytes decoded as UTF-8; a cut character shows as U+FFFD). */
  readonly left: string;
  readonly right: string;
  readonly token: string;
  /** How often the pair occurred in the corpus when it was chosen. */
  readonly count: number;
  /** Vocabulary size after this merge (bytes + merged tokens, specials not counted). */
  readonly vocabSize: number;
  /**
   * Pre-tokens (whole words with their leading space) that became a single token with this merge, most frequent
   * first (at most 3): "the moment a frequent word becomes one token".
   */
  readonly completedWords: readonly { readonly word: string; readonly count: number }[];
}

export interface TrainBpeOptions {
  /** Final vocabulary size including the 256 byte tokens and the special tokens. */
  readonly vocabSize: number;
  /** A pair must occur at least this often to be merged (default 2); training stops early otherwise. */
  readonly minFrequency?: number;
  readonly specialTokens?: readonly string[];
  readonly onMerge?: (event: MergeEvent) => void;
  readonly signal?: AbortSignal;
}

export interface TrainBpeResult {
  readonly spec: BpeTokenizerSpec;
  /** Merges learned (the vocabulary is smaller than asked when no pair reached minFrequency). */
  readonly mergeCount: number;
  readonly uniqueWords: number;
  readonly corpusBytes: number;
  readonly milliseconds: number;
}

const pairKey = (left: number, right: number) => left * 0x200000 + right;
const pairLeft = (key: number) => Math.floor(key / 0x200000);
const pairRight = (key: number) => key % 0x200000;

/** Max-heap of (count, key) with lazy deletion: entries whose count is stale are skipped when popped. */
class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { count: number; key: number } | null {
    if (this.counts.length === 0) return null;
    const top = { count: this.counts[0]!, key: this.keys[0]! };
    const lastCount = this.counts.pop()!;
    const lastKey = this.keys.pop()!;
    if (this.counts.length > 0) {
      this.counts[0] = lastCount;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < this.counts.length && this.before(left, best)) best = left;
        if (right < this.counts.length && this.before(right, best)) best = right;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  /** Higher count first; ties go to the smaller key (lower token ids), so training is deterministic. */
  private before(a: number, b: number): boolean {
    return this.counts[a]! > this.counts[b]! || (this.counts[a] === this.counts[b] && this.keys[a]! < this.keys[b]!);
  }

  private swap(a: number, b: number): void {
    [this.counts[a], this.counts[b]] = [this.counts[b]!, this.counts[a]!];
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
  }
}

/** Unique pre-tokens of the corpus with their counts, as byte strings (latin1 keys). */
function countWords(corpus: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  let start = 0;
  for (const end of gpt2PreTokenizeBytes(corpus)) {
    const key = Buffer.from(corpus.buffer, corpus.byteOffset + start, end - start).toString('latin1');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    start = end;
  }
  return counts;
}

const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** Training one merge at a time, so a caller can report, pace or yield between merges (see trainBpeLive.ts). */
export interface BpeTraining {
  /** Learns the next merge; null once the vocabulary is full or no pair reaches minFrequency. */
  step(): MergeEvent | null;
  /** The tokenizer as learned so far (call after step() returned null for the full result). */
  finish(): TrainBpeResult;
}

/**
 * Learns byte-level BPE merges (GPT-2 style) from a corpus: pre-tokenize as llama.cpp's "gpt-2" pre-tokenizer
 * does, count unique pieces, then repeatedly merge the most frequent adjacent pair. Pair counts are kept up to
 * date incrementally: a merge touches only the words that contain its pair. Deterministic for the same input.
 */
export function trainBpe(corpus: string | Uint8Array, options: TrainBpeOptions): TrainBpeResult {
  const training = startBpeTraining(corpus, options);
  for (;;) {
    options.signal?.throwIfAborted();
    const event = training.step();
    if (!event) break;
    options.onMerge?.(event);
  }
  return training.finish();
}

/** The state of trainBpe, stepped by the caller; `onMerge` and `signal` of the options are left to the caller. */
export function startBpeTraining(corpus: string | Uint8Array, options: Pick<TrainBpeOptions, 'vocabSize' | 'minFrequency' | 'specialTokens'>): BpeTraining {
  const started = performance.now();
  const specialTokens = options.specialTokens ?? defaultSpecialTokens;
  if (specialTokens.length === 0) throw new WorkbenchError('bad_input', 'A tokenizer needs at least one special token (bos/eos)', { field: 'specialTokens' }, reason('tokenizer_needs_special_token', {}));
  const mergeBudget = options.vocabSize - 256 - specialTokens.length;
  if (!Number.isInteger(options.vocabSize) || mergeBudget < 0) {
    throw new WorkbenchError('bad_input', `Vocabulary size must be a whole number of at least ${256 + specialTokens.length} (256 bytes + special tokens)`, {
      field: 'vocabSize',
    }, reason('vocabulary_too_small', { minimum: 256 + specialTokens.length }));
  }
  const minFrequency = options.minFrequency ?? 2;
  const bytes = typeof corpus === 'string' ? Buffer.from(corpus, 'utf8') : corpus;
  const wordCounts = countWords(bytes);

  const words: number[][] = [];
  const weights: number[] = [];
  for (const [key, count] of wordCounts) {
    words.push(Array.from(Buffer.from(key, 'latin1')));
    weights.push(count);
  }

  const tokenBytes: Uint8Array[] = Array.from({ length: 256 }, (_, byte) => Uint8Array.of(byte));
  const tokenText: string[] = byteToUnicode.slice();
  const idOf = new Map(tokenText.map((text, id) => [text, id]));
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const heap = new PairHeap();

  const addPairs = (wordIndex: number, sign: 1 | -1, touched: Set<number>) => {
    const symbols = words[wordIndex]!;
    const weight = weights[wordIndex]! * sign;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i]!, symbols[i + 1]!);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + weight);
      touched.add(key);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(wordIndex);
      }
    }
  };

  const initial = new Set<number>();
  for (let w = 0; w < words.length; w++) addPairs(w, 1, initial);
  for (const key of initial) heap.push(pairCounts.get(key)!, key);

  const merges: string[] = [];
  let stopped = false;
  const step = (): MergeEvent | null => {
    if (stopped || tokenText.length >= 256 + mergeBudget) return null;
    let top = heap.pop();
    while (top && pairCounts.get(top.key) !== top.count) top = heap.pop();
    if (!top || top.count < minFrequency) {
      stopped = true;
      return null;
    }
    const left = pairLeft(top.key);
    const right = pairRight(top.key);
    const text = tokenText[left]! + tokenText[right]!;
    let result = idOf.get(text);
    if (result === undefined) {
      result = tokenText.push(text) - 1;
      tokenBytes.push(Buffer.concat([tokenBytes[left]!, tokenBytes[right]!]));
      idOf.set(text, result);
    }
    merges.push(`${tokenText[left]} ${tokenText[right]}`);

    const touched = new Set<number>();
    const completed: { word: string; count: number }[] = [];
    for (const w of pairWords.get(top.key) ?? []) {
      const symbols = words[w]!;
      let found = false;
      for (let i = 0; i + 1 < symbols.length; i++) if (symbols[i] === left && symbols[i + 1] === right) found = true;
      if (!found) continue;
      addPairs(w, -1, touched);
      const merged: number[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          merged.push(result);
          i++;
        } else merged.push(symbols[i]!);
      }
      words[w] = merged;
      addPairs(w, 1, touched);
      if (merged.length === 1) completed.push({ word: utf8(tokenBytes[result]!), count: weights[w]! });
    }
    pairWords.delete(top.key);
    for (const key of touched) {
      const count = pairCounts.get(key)!;
      if (count > 0) heap.push(count, key);
      else pairCounts.delete(key);
    }
    return {
      rank: merges.length - 1,
      left: utf8(tokenBytes[left]!),
      right: utf8(tokenBytes[right]!),
      token: utf8(tokenBytes[result]!),
      count: top.count,
      vocabSize: tokenText.length,
      completedWords: completed.sort((a, b) => b.count - a.count).slice(0, 3),
    };
  };

  const finish = (): TrainBpeResult => {
    const spec: BpeTokenizerSpec = {
      format: 'workbench-byte-bpe',
      version: 1,
      preTokenizer: 'gpt-2',
      merges: [...merges],
      specialTokens: [...specialTokens],
      bosToken: specialTokens[0] ?? '<|endoftext|>',
      eosToken: specialTokens[0] ?? '<|endoftext|>',
    };
    return { spec, mergeCount: merges.length, uniqueWords: words.length, corpusBytes: bytes.length, milliseconds: performance.now() - started };
  };

  return { step, finish };
}

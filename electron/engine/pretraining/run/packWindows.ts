import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { SeededRandom } from '../../random/seededRandom.ts';
import type { BpeTokenizer } from '../tokenizer/bpeTokenizer.ts';

export interface PackedCorpus {
  /** Consecutive, non-overlapping windows of exactly `windowLength` tokens. */
  readonly windows: readonly Int32Array[];
  readonly tokens: number;
  /** Tokens of the tail that did not fill a last window. */
  readonly droppedTokens: number;
}

/**
 * GPT-style packing: every document becomes <bos> text <eos>, documents are concatenated in order into one token
 * stream, and the stream is cut into fixed-length windows, so no position is padding and documents run across
 * window boundaries (the model learns that <eos> ends one and <bos> starts the next).
 */
export function packWindows(documents: readonly string[], tokenizer: BpeTokenizer, windowLength: number): PackedCorpus {
  const stream: number[] = [];
  for (const document of documents) {
    stream.push(tokenizer.bosId);
    for (const id of tokenizer.encode(document)) stream.push(id);
    stream.push(tokenizer.eosId);
  }
  const count = Math.floor(stream.length / windowLength);
  if (count === 0) {
    throw new WorkbenchError('bad_input', `The corpus has ${stream.length} tokens, fewer than one window of ${windowLength}`, { field: 'data' }, reason('corpus_too_short', { tokens: stream.length, window: windowLength }));
  }
  const all = Int32Array.from(stream);
  const windows = Array.from({ length: count }, (_, index) => all.subarray(index * windowLength, (index + 1) * windowLength));
  return { windows, tokens: stream.length, droppedTokens: stream.length - count * windowLength };
}

/** Window indices in a fresh seeded order per epoch: each window is seen once per epoch. */
export class WindowSampler {
  private order: number[] = [];
  private next = 0;
  private epoch = 0;

  constructor(
    private readonly count: number,
    private readonly seed: number,
  ) {}

  take(n: number): number[] {
    const picked: number[] = [];
    while (picked.length < n) {
      if (this.next >= this.order.length) this.reshuffle();
      picked.push(this.order[this.next++]!);
    }
    return picked;
  }

  private reshuffle(): void {
    const random = new SeededRandom(this.seed, `epoch ${this.epoch++}`);
    this.order = Array.from({ length: this.count }, (_, index) => index);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(random.nextFloat() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
    this.next = 0;
  }
}

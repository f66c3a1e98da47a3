import { checkStopStrings } from './stopStrings.ts';

/** Turns tokens into text; `previous` are the tokens just before, which some tokenizers need for spacing. */
export type Detokenize = (tokens: readonly number[], previous: readonly number[]) => string;

/** A character split over several tokens shows as U+FFFD until its last byte arrives; wait at most this long. */
const MAX_PENDING_TOKENS = 4;
const CONTEXT_TOKENS = 8;

/**
 * Builds a generation's text token by token: emits only complete characters, never shows a stop string (or the
 * start of one), and stops the text where the first stop string begins.
 */
export class StreamedText {
  private readonly decodedTokens: number[] = [];
  private readonly context: readonly number[];
  private pending: number[] = [];
  private text = '';
  private shown = 0;
  private stopped = false;

  /** `precedingTokens`: what the text continues (the prompt), so its first token is spaced as a continuation. */
  constructor(
    private readonly detokenize: Detokenize,
    private readonly stops: readonly string[],
    precedingTokens: readonly number[] = [],
  ) {
    this.context = precedingTokens.slice(-CONTEXT_TOKENS);
  }

  /** Adds a token; returns the text that can be shown now and whether a stop string was reached. */
  push(token: number): { delta: string; stopped: boolean } {
    if (this.stopped) return { delta: '', stopped: true };
    this.pending.push(token);
    const decoded = this.detokenize(this.pending, this.previous());
    if (decoded.endsWith('\uFFFD') && this.pending.length < MAX_PENDING_TOKENS) return { delta: '', stopped: false };
    this.decodedTokens.push(...this.pending);
    this.pending = [];
    this.text += decoded;
    return this.release(false);
  }

  /** Ends the stream: whatever was held back (a partial character, a partial stop string) is released. */
  finish(): string {
    if (this.stopped) return '';
    if (this.pending.length > 0) {
      this.text += this.detokenize(this.pending, this.previous());
      this.decodedTokens.push(...this.pending);
      this.pending = [];
    }
    return this.release(true).delta;
  }

  private previous(): number[] {
    return [...this.context, ...this.decodedTokens].slice(-CONTEXT_TOKENS);
  }

  get value(): string {
    return this.text;
  }

  get hitStop(): boolean {
    return this.stopped;
  }

  private release(final: boolean): { delta: string; stopped: boolean } {
    const check = checkStopStrings(this.text, this.stops);
    if (check.stopAt !== null) {
      this.text = this.text.slice(0, check.stopAt);
      this.stopped = true;
    }
    const end = this.stopped || final ? this.text.length : check.safeLength;
    const delta = end > this.shown ? this.text.slice(this.shown, end) : '';
    this.shown = Math.max(this.shown, end);
    return { delta, stopped: this.stopped };
  }
}

import { problemReason, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';

/**
 * Splits a JSON array into its items without parsing the whole file, so a multi-gigabyte array is read in
 * constant memory. It tracks strings and bracket nesting only; each item's text is then parsed on its own, so one
 * broken item is reported (with its line) and the scan goes on with the next.
 */
export type ArrayItem =
  | { readonly kind: 'item'; readonly index: number; readonly line: number; readonly text: string }
  | { readonly kind: 'error'; readonly index: number | null; readonly line: number; readonly message: string; readonly reason: ProblemReason };

type State = 'start' | 'expectItem' | 'inItem' | 'brokenItem' | 'afterItem' | 'done';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

export class JsonArrayScanner {
  private state: State = 'start';
  private line = 1;
  private nextIndex = 0;
  private afterComma = false;
  private reportedTrailingText = false;
  // The item being read.
  private itemIndex = 0;
  private itemLine = 1;
  private closers: number[] = [];
  private inString = false;
  private escaped = false;
  private scalar = false;
  private opener = 0;
  private atLineStart = false;
  private parts: string[] = [];

  /** Feeds LF-normalized text; returns the items (and problems) completed in it. */
  feed(chunk: string): ArrayItem[] {
    const out: ArrayItem[] = [];
    let itemStart = this.state === 'inItem' || this.state === 'brokenItem' ? 0 : -1;
    for (let at = 0; at < chunk.length; at++) {
      const code = chunk.charCodeAt(at);
      switch (this.state) {
        case 'start':
          if (code === OPEN_BRACKET) this.state = 'expectItem';
          else if (!isSpace(code)) {
            out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: the file does not start with "[" (expected an array of records)', reason: problemReason('json_not_array', {}) });
            this.state = 'done';
            this.reportedTrailingText = true;
          }
          break;
        case 'expectItem':
          if (code === CLOSE_BRACKET) {
            if (this.afterComma) out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: a comma before "]" (trailing comma)', reason: problemReason('json_trailing_comma', {}) });
            this.state = 'done';
          } else if (code === COMMA) {
            out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: two commas with no item between them', reason: problemReason('json_double_comma', {}) });
          } else if (!isSpace(code)) {
            this.beginItem(code);
            itemStart = at;
          }
          break;
        case 'afterItem':
          if (code === COMMA) {
            this.state = 'expectItem';
            this.afterComma = true;
          } else if (code === CLOSE_BRACKET) this.state = 'done';
          else if (!isSpace(code)) {
            out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: a comma is missing between two items', reason: problemReason('json_missing_comma', {}) });
            this.beginItem(code);
            itemStart = at;
          }
          break;
        case 'brokenItem':
          // Inside an item whose string was cut by a line break: resync at the next line that starts like an item.
          if (!this.atLineStart) {
            if (code === NEWLINE) this.atLineStart = true;
          } else if (code === this.opener || code === CLOSE_BRACKET) {
            out.push(this.finishItem(chunk, itemStart, at));
            itemStart = -1;
            if (code === CLOSE_BRACKET) this.state = 'done';
            else {
              this.beginItem(code);
              itemStart = at;
            }
          } else if (!isSpace(code)) this.atLineStart = false;
          break;
        case 'inItem': {
          const end = this.stepItem(code);
          if (end === 'broken') {
            this.state = 'brokenItem';
            this.atLineStart = true;
          } else if (end === 'include') {
            out.push(this.finishItem(chunk, itemStart, at + 1));
            itemStart = -1;
            this.state = 'afterItem';
          } else if (end === 'before') {
            out.push(this.finishItem(chunk, itemStart, at));
            itemStart = -1;
            // The character that ended a bare value is read again as what follows the item.
            this.state = 'afterItem';
            at--;
            continue;
          }
          break;
        }
        case 'done':
          if (!isSpace(code) && !this.reportedTrailingText) {
            out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: more text after the closing "]" of the array', reason: problemReason('json_text_after_array', {}) });
            this.reportedTrailingText = true;
          }
          break;
      }
      if (code === NEWLINE) this.line++;
    }
    if ((this.state === 'inItem' || this.state === 'brokenItem') && itemStart !== -1) this.parts.push(chunk.slice(itemStart));
    return out;
  }

  /** Call once at the end of the input. */
  end(): ArrayItem[] {
    const out: ArrayItem[] = [];
    if (this.state === 'inItem' || this.state === 'brokenItem') {
      out.push(this.finishItem('', 0, 0));
      this.state = 'afterItem';
    }
    if (this.state === 'start') out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: the file has no array', reason: problemReason('json_no_array', {}) });
    else if (this.state !== 'done') out.push({ kind: 'error', index: null, line: this.line, message: 'Not valid JSON: the array is never closed with "]" (is the file cut short?)', reason: problemReason('json_array_not_closed', {}) });
    this.state = 'done';
    return out;
  }

  private beginItem(code: number): void {
    this.state = 'inItem';
    this.afterComma = false;
    this.itemIndex = this.nextIndex++;
    this.itemLine = this.line;
    this.closers = [];
    this.parts = [];
    this.escaped = false;
    this.inString = code === QUOTE;
    this.scalar = code !== OPEN_BRACE && code !== OPEN_BRACKET;
    this.opener = code;
    if (!this.scalar) this.closers.push(code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET);
  }

  /** Advances over one character of an item (the first one was seen by beginItem). */
  private stepItem(code: number): 'include' | 'before' | 'broken' | null {
    if (this.inString) {
      if (code === NEWLINE) {
        // A raw line break cannot be inside a JSON string: the item is broken, and where it ends is a guess.
        this.inString = false;
        return 'broken';
      }
      if (this.escaped) this.escaped = false;
      else if (code === BACKSLASH) this.escaped = true;
      else if (code === QUOTE) this.inString = false;
      return null;
    }
    if (this.scalar) {
      if (code === COMMA || code === CLOSE_BRACKET || isSpace(code)) return 'before';
      if (code === QUOTE) this.inString = true;
      return null;
    }
    if (code === QUOTE) this.inString = true;
    else if (code === OPEN_BRACE) this.closers.push(CLOSE_BRACE);
    else if (code === OPEN_BRACKET) this.closers.push(CLOSE_BRACKET);
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      // On a mismatch, close up to the matching bracket so the damage stays inside this item.
      const match = this.closers.lastIndexOf(code);
      if (match !== -1) this.closers.length = match;
      if (this.closers.length === 0) return 'include';
    }
    return null;
  }

  private finishItem(chunk: string, start: number, end: number): ArrayItem {
    const tail = start === -1 ? '' : chunk.slice(start, end);
    const text = this.parts.length === 0 ? tail : this.parts.join('') + tail;
    this.parts = [];
    return { kind: 'item', index: this.itemIndex, line: this.itemLine, text };
  }
}

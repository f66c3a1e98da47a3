import type { TokenView } from '../../../../electron/shared/contract/tokenizer.ts';

/** How one token is drawn: runs of readable text, whitespace made visible, and bytes that are not whole characters. */
export type TokenPart =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'space'; readonly value: string }
  | { readonly kind: 'newline' }
  | { readonly kind: 'byte'; readonly value: string };

const visibleWhitespace: Readonly<Record<string, string>> = { ' ': '·', '\t': '→', '\r': '␍', '\u3000': '□' };

function textParts(text: string): TokenPart[] {
  const parts: TokenPart[] = [];
  let run = '';
  const flush = (): void => {
    if (run !== '') parts.push({ kind: 'text', value: run });
    run = '';
  };
  for (const char of text) {
    if (char === '\n') {
      flush();
      parts.push({ kind: 'newline' });
    } else if (char in visibleWhitespace) {
      flush();
      const last = parts.at(-1);
      if (last?.kind === 'space') parts[parts.length - 1] = { kind: 'space', value: last.value + visibleWhitespace[char] };
      else parts.push({ kind: 'space', value: visibleWhitespace[char] as string });
    } else run += char;
  }
  flush();
  return parts;
}

const hexPairs = (hex: string): number[] => (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a token into parts. A token whose bytes are not complete UTF-8 (cl100k splits 韬 into three) shows the
 * whole characters it does contain as text and every other byte as a `<E9>` chip — never as U+FFFD.
 */
export function tokenParts(token: Pick<TokenView, 'bytes' | 'text'>): TokenPart[] {
  if (token.text !== null) return textParts(token.text);
  const bytes = hexPairs(token.bytes);
  const parts: TokenPart[] = [];
  for (let at = 0; at < bytes.length; ) {
    const length = sequenceLength(bytes[at] as number);
    if (length > 0 && at + length <= bytes.length) {
      try {
        const char = strict.decode(Uint8Array.from(bytes.slice(at, at + length)));
        parts.push(...textParts(char));
        at += length;
        continue;
      } catch {
        // not a valid sequence: fall through to a byte chip
      }
    }
    parts.push({ kind: 'byte', value: (bytes[at] as number).toString(16).toUpperCase().padStart(2, '0') });
    at++;
  }
  return mergeTextRuns(parts);
}

function mergeTextRuns(parts: TokenPart[]): TokenPart[] {
  const merged: TokenPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last && last.kind === 'text' && part.kind === 'text') merged[merged.length - 1] = { kind: 'text', value: last.value + part.value };
    else merged.push(part);
  }
  return merged;
}

/** Hex bytes spaced for reading: "e9 9f ac". */
export const spacedHex = (hex: string): string => (hex.match(/../g) ?? []).join(' ');

/**
 * For each token that is not whole UTF-8 on its own, the characters its bytes belong to once joined with the
 * neighbouring tokens ("<E9>" → "韬"); null for tokens that are text already.
 */
export function byteTokenCharacters(tokens: readonly Pick<TokenView, 'bytes' | 'text'>[]): (string | null)[] {
  const stream: number[] = [];
  const starts: number[] = [];
  for (const token of tokens) {
    starts.push(stream.length);
    stream.push(...hexPairs(token.bytes));
  }
  // For each byte of the stream: where the character covering it starts (-1 when none), and that character.
  const charStart: number[] = new Array<number>(stream.length).fill(-1);
  const chars = new Map<number, string>();
  for (let at = 0; at < stream.length; ) {
    const length = sequenceLength(stream[at] as number);
    if (length > 0 && at + length <= stream.length) {
      try {
        chars.set(at, strict.decode(Uint8Array.from(stream.slice(at, at + length))));
        for (let i = at; i < at + length; i++) charStart[i] = at;
        at += length;
        continue;
      } catch {
        // an invalid sequence stays without a character
      }
    }
    at++;
  }
  return tokens.map((token, index) => {
    if (token.text !== null) return null;
    const start = starts[index] as number;
    const end = index + 1 < starts.length ? (starts[index + 1] as number) : stream.length;
    const covering = new Set<number>();
    for (let i = start; i < end; i++) if ((charStart[i] as number) >= 0) covering.add(charStart[i] as number);
    const text = [...covering].map((at) => chars.get(at) ?? '').join('');
    return text === '' ? null : text;
  });
}

import { isWordChar, normalizeForMatching } from './textNormalization.ts';

/** Where a phrase was found in a normalized text: [start, end) in UTF-16 units, and the phrase as written. */
export interface PhraseMatch {
  readonly phrase: string;
  readonly start: number;
  readonly end: number;
}

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

/**
 * A match must not be part of a longer word or number: "paris" is not in "parisian", "9.9" is not in "19.9",
 * "9.95" or "9.9.1". Chinese has no word boundaries, so a Chinese phrase matches anywhere.
 */
function atBoundary(text: string, start: number, end: number): boolean {
  const first = text[start];
  const last = text[end - 1];
  const before = text[start - 1];
  const after = text[end];
  if (isWordChar(first) && isWordChar(before)) return false;
  if (isWordChar(last) && isWordChar(after)) return false;
  if (isDigit(first) && (before === '.' || before === '-') && isDigit(text[start - 2])) return false;
  if (isDigit(last) && after === '.' && isDigit(text[end + 1])) return false;
  return true;
}

/** Every bounded occurrence of the (already normalized) needle in the normalized text. */
export function findNormalized(text: string, needle: string, phrase = needle): PhraseMatch[] {
  if (needle === '') return [];
  const matches: PhraseMatch[] = [];
  for (let start = text.indexOf(needle); start !== -1; start = text.indexOf(needle, start + 1)) {
    const end = start + needle.length;
    if (atBoundary(text, start, end)) matches.push({ phrase, start, end });
  }
  return matches;
}

/** A phrase list normalized once, so scoring many replies does not normalize the same phrases again. */
export interface PhraseSet {
  readonly phrases: readonly { readonly phrase: string; readonly normalized: string }[];
}

export function phraseSet(phrases: readonly string[]): PhraseSet {
  const seen = new Set<string>();
  const entries: { phrase: string; normalized: string }[] = [];
  for (const phrase of phrases) {
    const normalized = normalizeForMatching(phrase);
    if (normalized === '' || seen.has(normalized)) continue;
    seen.add(normalized);
    entries.push({ phrase, normalized });
  }
  return { phrases: entries };
}

export function findPhrases(text: string, set: PhraseSet): PhraseMatch[] {
  return set.phrases.flatMap((entry) => findNormalized(text, entry.normalized, entry.phrase));
}

export const contains = (outer: PhraseMatch, inner: PhraseMatch): boolean => outer.start <= inner.start && inner.end <= outer.end;

import { convertChineseNumerals } from './chineseNumerals.ts';
import { canonicalizeDates } from './dateCanonicalization.ts';

/**
 * One normal form for replies, references and phrase lists, so matching ignores what a reader would ignore:
 * full-width vs half-width (NFKC), case, punctuation, English articles, spacing around Chinese text, thousands
 * separators, Chinese vs Arabic numerals and the spelling of dates. Both sides of every comparison go through
 * this same function.
 */

const hanLike = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const letterOrDigit = /[\p{L}\p{N}]/u;

/** Letters and digits of space-separated scripts: where a word boundary means something. */
export const isWordChar = (char: string | undefined): boolean =>
  char !== undefined && letterOrDigit.test(char) && !hanLike.test(char);

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';

function dropThousandsSeparators(text: string): string {
  return text.replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)/gu, (number) => number.replaceAll(',', ''));
}

/** Punctuation becomes a space, except where it is part of a number, a date, a time or a fraction. */
function dropPunctuation(text: string): string {
  const chars = [...text];
  let out = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (!/\p{P}/u.test(char)) {
      out += char;
      continue;
    }
    const previous = chars[index - 1];
    const next = chars[index + 1];
    if (char === "'") continue; // don't → dont, so "i dont know" matches however it was typed
    if (char === '%') out += char;
    else if ((char === '.' || char === '/' || char === ':') && isDigit(previous) && isDigit(next)) out += char;
    else if (char === '-' && isDigit(next)) out += '-';
    else out += ' ';
  }
  return out;
}

/** Spaces only survive between two word characters ("9.9 is larger" keeps them; "9.9 > 9.11", "鲁迅 是" lose them). */
function squeezeSpaces(text: string): string {
  const chars = [...text.replace(/\s+/gu, ' ').trim()];
  let out = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (char === ' ' && !(isWordChar(chars[index - 1]) && isWordChar(chars[index + 1]))) continue;
    out += char;
  }
  return out;
}

export function normalizeForMatching(text: string): string {
  let result = text.normalize('NFKC').toLowerCase();
  result = result.replace(/[‘’‛`´]/gu, "'").replace(/[“”„]/gu, '"').replace(/[−–—]/gu, (dash) => (dash === '−' ? '-' : ' '));
  result = convertChineseNumerals(result);
  result = result.replace(/负\s*(?=\d)/gu, '-');
  result = dropThousandsSeparators(result);
  result = canonicalizeDates(result);
  result = dropPunctuation(result);
  result = result.replace(/\b(?:a|an|the)\b/gu, ' ');
  return squeezeSpaces(result);
}

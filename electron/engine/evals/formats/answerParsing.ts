/**
 * Answers as task files write them: a choice as an index (0-based) or a letter (A, "b", "(C)"), a number as
 * "42", 42, "1,234", "-3.50" or a GSM8K solution ending in "#### 42".
 */

/** The 0-based choice index, or an explanation of why the value is not one. */
export function choiceIndex(value: unknown, choiceCount: number): { index: number } | { problem: string } {
  let index: number | null = null;
  if (typeof value === 'number' && Number.isInteger(value)) index = value;
  else if (typeof value === 'string') {
    const letter = /^\(?\s*([A-Za-z])\s*\)?\.?$/.exec(value.trim());
    if (letter) index = letter[1]!.toUpperCase().charCodeAt(0) - 65;
    else if (/^\d+$/.test(value.trim())) index = Number(value.trim());
  }
  if (index === null) return { problem: `expected a choice letter (A, B, …) or a 0-based index, got ${JSON.stringify(value)}` };
  if (index < 0 || index >= choiceCount) {
    return { problem: `${JSON.stringify(value)} is not one of the ${choiceCount} choices (A–${String.fromCharCode(64 + choiceCount)} or 0–${choiceCount - 1})` };
  }
  return { index };
}

const NUMBER = /-?\d[\d,]*(?:\.\d+)?|-?\.\d+/g;

/** A number in canonical form ("1,234.50" → "1234.5", "-0" → "0"), or null when the text is not one number. */
export function canonicalNumber(text: string): string | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/[.。]$/, '').replace(/,(?=\d{3}\b)/g, '');
  if (!/^-?(?:\d+(?:\.\d+)?|\.\d+)$/.test(cleaned)) return null;
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return null;
  return String(value === 0 ? 0 : value);
}

/**
 * The final number of a reply: after the last "####" when there is one (GSM8K's convention), else the last
 * number in the text. Canonical form, or null when the reply has no number.
 */
export function finalNumber(text: string): string | null {
  const marker = text.lastIndexOf('####');
  const tail = marker === -1 ? text : text.slice(marker + 4);
  const numbers = tail.match(NUMBER);
  if (numbers === null) return null;
  for (let index = numbers.length - 1; index >= 0; index--) {
    const canonical = canonicalNumber(numbers[index]!);
    if (canonical !== null) return canonical;
  }
  return null;
}

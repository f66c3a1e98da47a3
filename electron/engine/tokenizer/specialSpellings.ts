import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

/**
 * Which special-token spellings occur in a text, in order of first appearance. Vocabularies can have thousands
 * of special tokens (Gemma's `<unusedN>`), so candidates are grouped by first character and only tried where
 * that character occurs.
 */
export function findSpecialSpellings(text: string, spellings: readonly string[]): string[] {
  const byFirstChar = new Map<string, string[]>();
  for (const spelling of spellings) {
    if (spelling === '') continue;
    const first = spelling[0] as string;
    byFirstChar.set(first, [...(byFirstChar.get(first) ?? []), spelling]);
  }
  const found = new Map<string, number>();
  for (const [first, group] of byFirstChar) {
    for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, at + 1)) {
      for (const spelling of group) {
        if (!found.has(spelling) && text.startsWith(spelling, at)) found.set(spelling, at);
      }
      if (group.every((spelling) => found.has(spelling))) break;
    }
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([spelling]) => spelling);
}

/** Mode `refuse`: a special-token spelling in user text is an error, as in tiktoken's default. */
export function assertNoSpecialSpellings(text: string, spellings: readonly string[]): void {
  const found = findSpecialSpellings(text, spellings)[0];
  if (found === undefined) return;
  throw new WorkbenchError(
    'bad_input',
    `The text contains the special token ${found}; allow special tokens to encode it as one token, or encode it as plain text`,
    { field: 'text', token: found, offset: text.indexOf(found) },
    reason('text_has_special_token', { token: found }),
  );
}

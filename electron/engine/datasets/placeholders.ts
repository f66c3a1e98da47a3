import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';

/**
 * `{{name}}`, `{{ author }}`: template slots such as LLaMA-Factory's identity.json leaves for the user to fill. Plain
 * names only: dotted expressions (`{{ secrets.GITHUB_TOKEN }}` in a CI file quoted in kto_en_demo) are code, not slots.
 */
const placeholderPattern = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** The placeholder names in a text, each once, in order of appearance. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((match) => match[1] as string))];
}

export interface FilledRow {
  readonly row: CanonicalRow;
  /** Every placeholder name the row held, filled or not. */
  readonly found: readonly string[];
  /** Names that had no value (left in the text as written). */
  readonly unfilled: readonly string[];
}

/** Replaces the placeholders that have values; the others stay as written and are reported. */
export function fillPlaceholders(row: CanonicalRow, values: Readonly<Record<string, string>>): FilledRow {
  const found = new Set<string>();
  const unfilled = new Set<string>();
  const fill = (text: string): string =>
    text.replace(placeholderPattern, (whole, name: string) => {
      found.add(name);
      const value = values[name];
      if (value === undefined) {
        unfilled.add(name);
        return whole;
      }
      return value;
    });
  const messages = (list: readonly DatasetMessage[]): DatasetMessage[] => list.map((message) => ({ ...message, content: fill(message.content) }));
  let filled: CanonicalRow;
  switch (row.kind) {
    case 'text':
      filled = { kind: 'text', text: fill(row.text) };
      break;
    case 'conversation':
      filled = { ...row, messages: messages(row.messages) };
      break;
    case 'kto':
      filled = { ...row, messages: messages(row.messages) };
      break;
    case 'preference':
      filled = { kind: 'preference', prompt: messages(row.prompt), chosen: messages(row.chosen), rejected: messages(row.rejected) };
      break;
  }
  return { row: filled, found: [...found], unfilled: [...unfilled] };
}

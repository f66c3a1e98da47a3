import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';

/**
 * The conversations a row trains on: one for a conversation (or a KTO row), chosen and rejected (each after the prompt) for a
 * preference pair. A pair is as long as its longer side.
 */
export function rowConversations(row: Exclude<CanonicalRow, { kind: 'text' }>): DatasetMessage[][] {
  return row.kind === 'preference' ? [[...row.prompt, ...row.chosen], [...row.prompt, ...row.rejected]] : [row.messages];
}

/** Characters of a row, the length unit when no tokenizer is chosen. */
export function rowChars(row: CanonicalRow): number {
  if (row.kind === 'text') return row.text.length;
  return Math.max(...rowConversations(row).map((messages) => messages.reduce((sum, message) => sum + message.content.length, 0)));
}

export const messageCount = (row: CanonicalRow): number =>
  row.kind === 'text' ? 0 : row.kind === 'preference' ? row.prompt.length + Math.max(row.chosen.length, row.rejected.length) : row.messages.length;

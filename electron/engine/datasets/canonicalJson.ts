import { createHash } from 'node:crypto';
import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';

const message = (turn: DatasetMessage): DatasetMessage => ({
  role: turn.role,
  content: turn.content,
  ...(turn.weight === undefined ? {} : { weight: turn.weight }),
  ...(turn.input === undefined ? {} : { input: turn.input }),
  ...(turn.toolCalls === undefined ? {} : { toolCalls: turn.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments })) }),
});

/** A row with its keys always in one order, so equal rows store as equal text and hash alike. */
export function normalizedRow(row: CanonicalRow): CanonicalRow {
  switch (row.kind) {
    case 'conversation':
      return { kind: 'conversation', messages: row.messages.map(message), ...(row.tools === undefined ? {} : { tools: row.tools }) };
    case 'preference':
      return { kind: 'preference', prompt: row.prompt.map(message), chosen: row.chosen.map(message), rejected: row.rejected.map(message) };
    case 'text':
      return { kind: 'text', text: row.text };
    case 'kto':
      return { kind: 'kto', messages: row.messages.map(message), desirable: row.desirable, ...(row.tools === undefined ? {} : { tools: row.tools }) };
  }
}

export const canonicalJson = (row: CanonicalRow): string => JSON.stringify(normalizedRow(row));

/** Exact-duplicate detection (sha1 is plenty for that and cheaper than sha256 over millions of rows). */
export const contentHash = (json: string): string => createHash('sha1').update(json).digest('hex');

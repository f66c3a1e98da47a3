import type { CanonicalRow, DatasetKind, DatasetMessage } from '../../../../electron/shared/contract/datasets.ts';

const clip = (text: string, length: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
};

/** The first turn of a role, as text; a turn that only calls functions reads as its calls ("get_weather(…)"). */
const firstOf = (messages: readonly DatasetMessage[], role: DatasetMessage['role']): string => {
  const message = messages.find((candidate) => candidate.role === role);
  if (!message) return '';
  return message.content === '' && message.toolCalls ? message.toolCalls.map((call) => `${call.name}(…)`).join(', ') : message.content;
};

/** One line that tells rows apart in a list: the question and the answer (or both answers of a pair). */
export function rowSummary(row: CanonicalRow | null, raw: string | null, length = 140): string {
  if (!row) return clip(raw ?? '', length);
  switch (row.kind) {
    case 'text':
      return clip(row.text, length);
    case 'conversation':
      return clip(`${firstOf(row.messages, 'user')} → ${firstOf(row.messages, 'assistant')}`, length);
    case 'preference':
      return clip(`${row.prompt.at(-1)?.content ?? ''} → ✓ ${firstOf(row.chosen, 'assistant')} ✗ ${firstOf(row.rejected, 'assistant')}`, length);
    case 'kto':
      return clip(`${row.desirable ? '✓' : '✗'} ${firstOf(row.messages, 'user')} → ${firstOf(row.messages, 'assistant')}`, length);
  }
}

/** A starting row for "add", in the dataset's canonical shape. */
export function emptyRow(kind: DatasetKind): CanonicalRow {
  if (kind === 'pretrain') return { kind: 'text', text: '' };
  if (kind === 'kto') return { kind: 'kto', messages: [{ role: 'user', content: '' }, { role: 'assistant', content: '' }], desirable: true };
  if (kind === 'preference') return { kind: 'preference', prompt: [{ role: 'user', content: '' }], chosen: [{ role: 'assistant', content: '' }], rejected: [{ role: 'assistant', content: '' }] };
  return { kind: 'conversation', messages: [{ role: 'user', content: '' }, { role: 'assistant', content: '' }] };
}

import { seededRandom } from '../../../electron/engine/datasets/seededShuffle.ts';
import type { CanonicalRow, DatasetMessage } from '../../../electron/shared/contract/datasets.ts';

/**
 * Seeded random rows for round-trip properties: texts with the characters that break writers (quotes, commas,
 * line breaks, tabs, leading spaces, CJK, emoji), conversations with and without a system prompt, several turns,
 * tool turns and structured function calls with their tools, weights and Alpaca's remembered input; preference pairs; KTO rows. Never empty or blank texts, which
 * the row checks refuse on their own.
 */
const weatherTool = { name: 'get_weather', description: 'Weather, "now"', parameters: { type: 'object', properties: { query: { type: 'string' } } } };
const booksTool = { name: 'search_books', description: 'Books, by title', parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } } } };

export function generatedRows(seed: number, count: number): { conversations: CanonicalRow[]; pairs: CanonicalRow[]; kto: CanonicalRow[] } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pieces = ['word', 'two words', ' leading space', 'comma, inside', '"quoted"', 'line\nbreak', 'tab\there', '中文句子', 'emoji 🚀', "it's", 'back\\slash', 'trailing ', 'x'];
  const text = (): string => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(pieces)).join(pick([' ', '', '\n', ', ']));
  const nonBlank = (): string => {
    const value = text();
    return value.trim() === '' ? 'fallback' : value;
  };
  const turns = (withTools: boolean): DatasetMessage[] => {
    const messages: DatasetMessage[] = random() < 0.4 ? [{ role: 'system', content: nonBlank() }] : [];
    const exchanges = 1 + Math.floor(random() * 3);
    for (let exchange = 0; exchange < exchanges; exchange++) {
      messages.push({ role: 'user', content: nonBlank() });
      if (withTools && random() < 0.5) {
        // A function call (structured, most often without text) and the tool's answer.
        const call = { name: pick(['get_weather', 'search_books']), arguments: { query: nonBlank(), limit: Math.floor(random() * 10) } };
        messages.push(random() < 0.7 ? { role: 'assistant', content: '', toolCalls: [call] } : { role: 'assistant', content: nonBlank() }, { role: 'tool', content: nonBlank() });
      }
      messages.push({ role: 'assistant', content: nonBlank() });
    }
    return messages;
  };
  const conversations: CanonicalRow[] = [];
  const pairs: CanonicalRow[] = [];
  const kto: CanonicalRow[] = [];
  for (let index = 0; index < count; index++) {
    const messages = turns(random() < 0.3);
    // As an Alpaca import leaves it: the last user turn is instruction + newline + input.
    if (random() < 0.3) {
      const last = messages.findLastIndex((message) => message.role === 'user');
      const input = nonBlank();
      messages[last] = { role: 'user', content: `${nonBlank()}\n${input}`, input };
    }
    if (random() < 0.2) messages[messages.length - 1] = { ...(messages.at(-1) as DatasetMessage), weight: pick([0, 1]) };
    const calls = messages.some((message) => message.toolCalls);
    conversations.push(calls ? { kind: 'conversation', messages, tools: [weatherTool, booksTool] } : { kind: 'conversation', messages });
    const prompt = turns(false).slice(0, -1);
    const chosen = nonBlank();
    pairs.push({ kind: 'preference', prompt, chosen: [{ role: 'assistant', content: chosen }], rejected: [{ role: 'assistant', content: `${chosen} (but wrong)` }] });
    kto.push({ kind: 'kto', messages: turns(false), desirable: random() < 0.5 });
  }
  return { conversations, pairs, kto };
}

/** A row as a format that cannot remember Alpaca's input gives it back (the text is the same). */
export function withoutInput(row: CanonicalRow): CanonicalRow {
  const strip = (messages: readonly DatasetMessage[]): DatasetMessage[] => messages.map(({ input: _input, ...message }) => message);
  switch (row.kind) {
    case 'text':
      return row;
    case 'preference':
      return { kind: 'preference', prompt: strip(row.prompt), chosen: strip(row.chosen), rejected: strip(row.rejected) };
    default:
      return { ...row, messages: strip(row.messages) };
  }
}

import type { CanonicalRow, DatasetFormat, DatasetKind, DatasetMessage, ExportNoteKey } from '../../shared/contract/datasets.ts';
import { exportNoteWords } from '../../shared/english/exportNoteWords.ts';
import { shareGptRoleNames } from './roleNames.ts';

/**
 * A row in an export format, or why it cannot be written in it (the row is then left out and counted). `lossy` and
 * `note` name what was lost or why, for the UI to say in its language; `reason` says the latter in English.
 */
export type ExportedRecord =
  | { readonly ok: true; readonly record: Record<string, unknown>; readonly lossy?: ExportNoteKey }
  | { readonly ok: false; readonly reason: string; readonly note: ExportNoteKey };

const refuse = (note: ExportNoteKey): ExportedRecord => ({ ok: false, reason: exportNoteWords[note], note });

/** OpenAI's message shape: weights kept, function calls as `tool_calls` (arguments as JSON text, as OpenAI writes them). */
const withWeights = (messages: readonly DatasetMessage[]): Record<string, unknown>[] =>
  messages.map((message) => ({
    role: message.role,
    content: message.content,
    ...(message.weight === undefined ? {} : { weight: message.weight }),
    ...(message.toolCalls ? { tool_calls: message.toolCalls.map((call) => ({ type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })) } : {}),
  }));
const hasToolCalls = (messages: readonly DatasetMessage[]): boolean => messages.some((message) => message.toolCalls !== undefined && message.toolCalls.length > 0);
const hasWeights = (messages: readonly DatasetMessage[]): boolean => messages.some((message) => message.weight !== undefined);

/** Rows other than KTO's: a KTO row is written as its conversation plus the label. */
type PlainRow = Exclude<CanonicalRow, { kind: 'kto' }>;

/** What an SFT format sees of a row: a conversation, or a preference pair's prompt with its chosen answer. */
function asConversation(row: PlainRow): { messages: DatasetMessage[]; lossy?: ExportNoteKey } | null {
  if (row.kind === 'conversation') return { messages: row.messages };
  if (row.kind === 'preference') return { messages: [...row.prompt, ...row.chosen], lossy: 'preference_as_conversation' };
  return null;
}

export function rowToRecord(row: CanonicalRow, format: DatasetFormat): ExportedRecord {
  if (row.kind === 'kto') return ktoToRecord(row, format);
  switch (format) {
    case 'text':
      return row.kind === 'text' ? { ok: true, record: { text: row.text } } : refuse('text_only');
    case 'openai': {
      const conversation = asConversation(row);
      if (!conversation) return refuse('text_no_turns');
      const tools = row.kind === 'conversation' && row.tools ? { tools: row.tools.map((tool) => ({ type: 'function', function: tool })) } : {};
      return { ok: true, record: { messages: withWeights(conversation.messages), ...tools }, ...(conversation.lossy ? { lossy: conversation.lossy } : {}) };
    }
    case 'sharegpt':
      return toShareGpt(row);
    case 'alpaca':
      return toAlpaca(row);
    case 'trl-standard':
    case 'trl-conversational':
    case 'trl-implicit':
      return toTrl(row, format);
  }
}

/** KTO rows keep their label ("label": true/false, LLaMA-Factory's kto_tag) in every chat format. */
function ktoToRecord(row: Extract<CanonicalRow, { kind: 'kto' }>, format: DatasetFormat): ExportedRecord {
  if (format !== 'sharegpt' && format !== 'openai' && format !== 'alpaca') {
    return refuse('kto_formats');
  }
  const exported = rowToRecord({ kind: 'conversation', messages: row.messages, ...(row.tools ? { tools: row.tools } : {}) }, format);
  return exported.ok ? { ...exported, record: { ...exported.record, label: row.desirable } } : exported;
}

/** A ShareGPT turn; a function call is its own `function_call` turn holding the call as JSON (a list for several). */
function shareGptTurn(message: DatasetMessage): { from: string; value: string } {
  if (message.toolCalls && message.toolCalls.length > 0) {
    const calls = message.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }));
    return { from: 'function_call', value: JSON.stringify(calls.length === 1 ? calls[0] : calls) };
  }
  return { from: shareGptRoleNames[message.role], value: message.content };
}

function splitSystem(messages: readonly DatasetMessage[]): { system: string | null; rest: DatasetMessage[] } {
  const first = messages[0];
  return first?.role === 'system' ? { system: first.content, rest: messages.slice(1) } : { system: null, rest: [...messages] };
}

function toShareGpt(row: PlainRow): ExportedRecord {
  const turns = (messages: readonly DatasetMessage[]) => messages.map(shareGptTurn);
  if (row.kind === 'text') return refuse('text_no_turns');
  const all = row.kind === 'conversation' ? row.messages : [...row.prompt, ...row.chosen, ...row.rejected];
  if (all.some((message) => message.toolCalls && message.content !== '')) return refuse('sharegpt_call_and_text');
  const lossy = (row.kind === 'conversation' ? hasWeights(row.messages) : hasWeights([...row.prompt, ...row.chosen, ...row.rejected])) ? 'sharegpt_no_weights' : undefined;
  const { system, rest } = splitSystem(row.kind === 'conversation' ? row.messages : row.prompt);
  const record: Record<string, unknown> = { conversations: turns(rest) };
  if (system !== null) record.system = system;
  // As LLaMA-Factory's tool-call data stores them: the schemas as one JSON text.
  if (row.kind === 'conversation' && row.tools) record.tools = JSON.stringify(row.tools);
  if (row.kind === 'preference') {
    if (row.chosen.length !== 1 || row.rejected.length !== 1) return refuse('sharegpt_ranking_one');
    record.chosen = turns(row.chosen)[0];
    record.rejected = turns(row.rejected)[0];
  }
  return lossy ? { ok: true, record, lossy } : { ok: true, record };
}

/** Alpaca: the last user/assistant exchange is instruction/output, earlier exchanges the history. */
function toAlpaca(row: PlainRow): ExportedRecord {
  if (row.kind === 'text') return refuse('text_no_instruction');
  if (hasToolCalls(row.kind === 'conversation' ? row.messages : [...row.prompt, ...row.chosen, ...row.rejected])) return refuse('alpaca_no_tool_calls');
  const source = row.kind === 'conversation' ? row.messages : row.prompt;
  const { system, rest } = splitSystem(source);
  const exchange = row.kind === 'conversation' ? rest : [...rest, { role: 'assistant' as const, content: '' }];
  if (exchange.some((message) => message.role === 'tool' || message.role === 'system')) return refuse('alpaca_no_tool_turns');
  if (exchange.length < 2 || exchange.length % 2 !== 0 || exchange.some((message, index) => message.role !== (index % 2 === 0 ? 'user' : 'assistant'))) {
    return refuse('alpaca_pairs');
  }
  const history: [string, string][] = [];
  for (let index = 0; index < exchange.length - 2; index += 2) history.push([(exchange[index] as DatasetMessage).content, (exchange[index + 1] as DatasetMessage).content]);
  const last = exchange.at(-2) as DatasetMessage;
  const record: Record<string, unknown> = alpacaPrompt(last);
  if (row.kind === 'conversation') record.output = (exchange.at(-1) as DatasetMessage).content;
  else {
    if (row.chosen.length !== 1 || row.rejected.length !== 1) return refuse('alpaca_ranking_one');
    record.chosen = (row.chosen[0] as DatasetMessage).content;
    record.rejected = (row.rejected[0] as DatasetMessage).content;
  }
  if (system !== null) record.system = system;
  if (history.length > 0) record.history = history;
  if (row.kind === 'conversation' && row.tools) record.tools = JSON.stringify(row.tools);
  const weighted = row.kind === 'conversation' ? hasWeights(row.messages) : hasWeights([...row.prompt, ...row.chosen, ...row.rejected]);
  return weighted ? { ok: true, record, lossy: 'alpaca_no_weights' } : { ok: true, record };
}

/** Instruction and input apart again when the turn came from them (and was not edited since), else all instruction. */
function alpacaPrompt(message: DatasetMessage): { instruction: string; input: string } {
  const { content, input } = message;
  if (input !== undefined && input !== '' && content.endsWith(`\n${input}`) && content.length > input.length + 1) {
    return { instruction: content.slice(0, content.length - input.length - 1), input };
  }
  return { instruction: content, input: '' };
}

function toTrl(row: PlainRow, format: 'trl-standard' | 'trl-conversational' | 'trl-implicit'): ExportedRecord {
  if (row.kind !== 'preference') return refuse('trl_needs_preference');
  if (format === 'trl-conversational') return { ok: true, record: { prompt: withWeights(row.prompt), chosen: withWeights(row.chosen), rejected: withWeights(row.rejected) } };
  if (format === 'trl-implicit') return { ok: true, record: { chosen: withWeights([...row.prompt, ...row.chosen]), rejected: withWeights([...row.prompt, ...row.rejected]) } };
  if (hasToolCalls([...row.prompt, ...row.chosen, ...row.rejected])) return refuse('trl_standard_no_calls');
  const single = row.prompt.length === 1 && row.prompt[0]?.role === 'user' && row.chosen.length === 1 && row.rejected.length === 1;
  const join = (messages: readonly DatasetMessage[]): string => messages.map((message) => message.content).join('\n\n');
  const record = { prompt: join(row.prompt), chosen: join(row.chosen), rejected: join(row.rejected) };
  return single ? { ok: true, record } : { ok: true, record, lossy: 'trl_prompt_joined' };
}

/** The columns of each format, for CSV headers (fixed per format and kind, so the file streams). */
export function csvColumns(format: DatasetFormat, kind: DatasetKind): readonly string[] {
  const columns = formatColumns(format, kind === 'preference');
  return kind === 'kto' ? [...columns, 'label'] : columns;
}

function formatColumns(format: DatasetFormat, preference: boolean): readonly string[] {
  switch (format) {
    case 'alpaca':
      return preference ? ['instruction', 'input', 'chosen', 'rejected', 'system', 'history'] : ['instruction', 'input', 'output', 'system', 'history', 'tools'];
    case 'sharegpt':
      return preference ? ['conversations', 'system', 'chosen', 'rejected'] : ['conversations', 'system', 'tools'];
    case 'openai':
      return preference ? ['messages'] : ['messages', 'tools'];
    case 'text':
      return ['text'];
    case 'trl-standard':
    case 'trl-conversational':
      return ['prompt', 'chosen', 'rejected'];
    case 'trl-implicit':
      return ['chosen', 'rejected'];
  }
}

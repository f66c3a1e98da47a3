import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { CanonicalRow } from '../../shared/contract/datasets.ts';
import type { DistillPromptSource } from '../../shared/contract/distill.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import type { DatasetStore } from '../datasets/datasetStore.ts';

/** One prompt for the teacher: a user turn, with the system turn that came before it. */
export interface DistillPrompt {
  readonly messages: readonly { role: 'system' | 'user'; content: string }[];
  /** The user turn (shown in progress and in the skip list). */
  readonly text: string;
  /** The line in its file; null for a dataset's row. */
  readonly line: number | null;
}

const maxPromptFileBytes = 200 * 1024 * 1024;

/** Reads a prompt set; a malformed line, an empty set or a dataset without user turns is refused by name. */
export function readPrompts(source: DistillPromptSource, store: DatasetStore): DistillPrompt[] {
  const prompts =
    source.kind === 'dataset' ? promptsOfDataset(source.datasetId, store) : source.kind === 'file' ? promptsOfFile(resolve(source.path)) : promptsOfText(source.text, source.fileName);
  if (prompts.length === 0) {
    const where = source.kind === 'dataset' ? `dataset ${source.datasetId}` : source.kind === 'file' ? source.path : source.fileName;
    throw new WorkbenchError('bad_input', `${where} holds no prompts`, { field: 'prompts' }, reason('dataset_has_no_rows', { file: where }));
  }
  return prompts;
}

function promptsOfFile(path: string): DistillPrompt[] {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new WorkbenchError('not_found', `No prompts file at ${path}`, { file: path, field: 'prompts.path' }, reason('file_not_found', { file: path }));
  }
  if (size > maxPromptFileBytes) {
    throw new WorkbenchError('bad_input', `${path} is larger than 200 MB; split the prompt set`, { file: path }, reason('file_too_large', { file: path, limitMegabytes: 200 }));
  }
  return promptsOfText(readFileSync(path, 'utf8'), path);
}

/** A prompts file's text; `label` (its path or name) decides the reading (.jsonl / .ndjson: JSON lines) and names it in errors. */
function promptsOfText(text: string, label: string): DistillPrompt[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const jsonl = ['.jsonl', '.ndjson'].includes(extname(label).toLowerCase());
  const prompts: DistillPrompt[] = [];
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const line = index + 1;
    prompts.push(jsonl ? promptOfJsonLine(raw, label, line) : { messages: [{ role: 'user', content: raw.trim() }], text: raw.trim(), line });
  }
  return prompts;
}

/** A JSONL line: a string, {"prompt"}, {"question"}, {"instruction", "input"?, "system"?} or {"messages": [...]}. */
function promptOfJsonLine(raw: string, file: string, line: number): DistillPrompt {
  const refuse = (problem: string, field = 'prompt'): never => {
    throw new WorkbenchError('bad_input', `${file}:${line}: ${problem}`, { file, line, field }, reason('line_field_invalid', { file, line, field }));
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new WorkbenchError('bad_input', `${file}:${line}: not JSON (${(error as Error).message})`, { file, line }, reason('line_not_json', { file, line }));
  }
  if (typeof value === 'string') return nonEmpty(value, [], line, refuse);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse('expected a string or an object with "prompt", "question", "instruction" or "messages"');
  const record = value as Record<string, unknown>;
  const system = typeof record.system === 'string' && record.system.trim() !== '' ? [{ role: 'system' as const, content: record.system }] : [];
  if (Array.isArray(record.messages)) return promptOfMessages(record.messages, line, refuse);
  for (const field of ['prompt', 'question', 'instruction']) {
    const text = record[field];
    if (text === undefined) continue;
    if (typeof text !== 'string') return refuse(`"${field}" must be a string`, field);
    const input = field === 'instruction' && typeof record.input === 'string' && record.input.trim() !== '' ? `\n${record.input}` : '';
    return nonEmpty(text + input, system, line, refuse);
  }
  return refuse('no prompt: expected "prompt", "question", "instruction" or "messages"');
}

function promptOfMessages(messages: unknown[], line: number, refuse: (problem: string, field?: string) => never): DistillPrompt {
  const turns: { role: 'system' | 'user'; content: string }[] = [];
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    if (typeof content !== 'string') return refuse(`messages[${index}].content must be a string`, `messages[${index}].content`);
    if (role === 'system') turns.push({ role, content });
    else if (role === 'user' || role === 'human') {
      turns.push({ role: 'user', content });
      break;
    } else return refuse(`messages[${index}]: a prompt's turns are system and user, got role ${JSON.stringify(role)}`, `messages[${index}].role`);
  }
  const user = turns.at(-1);
  if (user?.role !== 'user') return refuse('messages has no user turn', 'messages');
  return nonEmpty(user.content, turns.slice(0, -1), line, refuse);
}

function nonEmpty(text: string, system: DistillPrompt['messages'], line: number, refuse: (problem: string) => never): DistillPrompt {
  if (text.trim() === '') return refuse('the prompt is empty');
  return { messages: [...system, { role: 'user', content: text }], text, line };
}

/** A dataset's prompts: each row's first user turn with the system turns before it (SFT, KTO and preference rows). */
function promptsOfDataset(datasetId: string, store: DatasetStore): DistillPrompt[] {
  const summary = store.get(datasetId);
  if (summary.kind === 'pretrain') {
    const field = 'prompts.datasetId';
    throw new WorkbenchError('bad_input', `Dataset ${summary.name} is plain text for pretraining: it has no user turns to ask`, { field }, reason('field_invalid', { field }));
  }
  const prompts: DistillPrompt[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = store.rows(datasetId, { offset, limit: 1000, status: 'ok' });
    for (const view of page.rows) {
      const prompt = view.row ? promptOfRow(view.row) : null;
      if (prompt) prompts.push(prompt);
    }
    if (offset + page.rows.length >= page.total || page.rows.length === 0) break;
  }
  return prompts;
}

function promptOfRow(row: CanonicalRow): DistillPrompt | null {
  const messages = row.kind === 'preference' ? row.prompt : row.kind === 'text' ? [] : row.messages;
  const system: { role: 'system'; content: string }[] = [];
  for (const message of messages) {
    if (message.role === 'system') system.push({ role: 'system', content: message.content });
    else if (message.role === 'user' && message.content.trim() !== '') return { messages: [...system, { role: 'user', content: message.content }], text: message.content, line: null };
  }
  return null;
}

import type { CanonicalRole, DatasetMessage } from '../../shared/contract/datasets.ts';
import { problemReason, valueTypeOf, type ExpectedValue } from '../../shared/contract/datasetProblemReasons.ts';
import { indexPath, keyPath } from './jsonPath.ts';
import { describeType, isPlainObject, sameForAll, type ConvertContext, type MessagePaths, type RecordProblem } from './rowConversion.ts';
import { readToolCalls } from './toolCalls.ts';

export interface ReadMessages {
  readonly messages: DatasetMessage[];
  readonly paths: MessagePaths[];
}

/**
 * A CSV cell holding a JSON list of objects or pairs, or an object (a conversation saved into a spreadsheet), is
 * read as that JSON; other cells stay text, even when they happen to be valid JSON ("[1, 2]").
 */
export function cellValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  const structured = (item: unknown): boolean => typeof item === 'object' && item !== null;
  return (Array.isArray(parsed) && parsed.every(structured)) || isPlainObject(parsed) ? parsed : value;
}

/** A list of turns (`{role, content}` or ShareGPT's `{from, value}`); null when it cannot be read. */
export function readMessageList(raw: unknown, path: string, context: ConvertContext): ReadMessages | null {
  const value = cellValue(raw);
  if (!Array.isArray(value)) {
    context.problems.push({ path, code: 'wrong_type', message: `Expected a list of messages, found ${describeType(value)}`, reason: problemReason('expected_value', { expected: 'message_list', found: valueTypeOf(value) }) });
    return null;
  }
  const messages: DatasetMessage[] = [];
  const paths: MessagePaths[] = [];
  let readable = true;
  value.forEach((item, index) => {
    const read = readMessage(item, indexPath(path, index), context);
    if (read) {
      messages.push(read.message);
      paths.push(read.paths);
    } else readable = false;
  });
  return readable ? { messages, paths } : null;
}

/** One answer that may be a single message object, a list of them, or plain text (then it is the assistant's). */
export function readAnswer(raw: unknown, path: string, context: ConvertContext): ReadMessages | null {
  const value = cellValue(raw);
  if (typeof value === 'string') return { messages: [{ role: 'assistant', content: value }], paths: [sameForAll(path)] };
  if (isPlainObject(value)) {
    const read = readMessage(value, path, context);
    return read ? { messages: [read.message], paths: [read.paths] } : null;
  }
  if (Array.isArray(value)) return readMessageList(value, path, context);
  context.problems.push({
    path,
    code: 'wrong_type',
    message: `Expected text, a message or a list of messages, found ${describeType(value)}`,
    reason: problemReason('expected_value', { expected: 'answer', found: valueTypeOf(value) }),
  });
  return null;
}

function readMessage(item: unknown, path: string, context: ConvertContext): { message: DatasetMessage; paths: MessagePaths } | null {
  if (!isPlainObject(item)) {
    context.problems.push({ path, code: 'wrong_type', message: `Expected a message object, found ${describeType(item)}`, reason: problemReason('expected_value', { expected: 'message', found: valueTypeOf(item) }) });
    return null;
  }
  const tags = context.plan.tags;
  const roleKey = tags.role_tag ?? ('role' in item ? 'role' : 'from' in item ? 'from' : 'role');
  const contentKey = tags.content_tag ?? ('content' in item ? 'content' : 'value' in item ? 'value' : 'content');
  const rolePath = keyPath(path, roleKey);
  const contentPath = keyPath(path, contentKey);
  let ok = true;

  let role: CanonicalRole | null = null;
  const roleValue = item[roleKey];
  if (roleValue === undefined || roleValue === null) {
    context.problems.push({ path: rolePath, code: 'missing_field', message: `The message has no "${roleKey}"`, reason: problemReason('message_missing_field', { field: roleKey }) });
    ok = false;
  } else if (typeof roleValue !== 'string') {
    context.problems.push(wrongType(rolePath, roleKey, 'text', roleValue));
    ok = false;
  } else {
    role = context.role(roleValue);
    if (role === null) {
      context.problems.push({
        path: rolePath,
        code: 'unknown_role',
        message: `Unknown role "${roleValue}": use system, user, assistant or tool (or map "${roleValue}" to one of them)`,
        reason: problemReason('unknown_role', { value: roleValue }),
      });
      ok = false;
    }
  }

  // A function call (ShareGPT's function_call turn, OpenAI's tool_calls) is kept as structured calls.
  const functionTurn = typeof roleValue === 'string' && (roleValue === tags.function_tag || roleValue.trim().toLowerCase() === 'function_call');
  const callsKey = functionTurn ? contentKey : Array.isArray(item.tool_calls) ? 'tool_calls' : null;
  const toolCalls = callsKey === null ? undefined : readToolCalls(item[callsKey], keyPath(path, callsKey), context);
  if (toolCalls === null) ok = false;
  const content = functionTurn || (toolCalls && (item[contentKey] === null || item[contentKey] === undefined)) ? '' : readContent(item[contentKey], contentKey, contentPath, context);
  if (content === null) ok = false;

  let weight: number | undefined;
  if (item.weight !== undefined && item.weight !== null) {
    if (typeof item.weight !== 'number' || !(item.weight >= 0 && item.weight <= 1)) {
      const found = JSON.stringify(item.weight);
      context.problems.push({ path: keyPath(path, 'weight'), code: 'bad_weight', message: `"weight" must be 0 or 1 (a number from 0 to 1), found ${found}`, reason: problemReason('bad_weight', { value: found }) });
      ok = false;
    } else weight = item.weight;
  }
  if (!ok || role === null || content === null || toolCalls === null) return null;
  const message: DatasetMessage = { role, content, ...(weight === undefined ? {} : { weight }), ...(toolCalls ? { toolCalls } : {}) };
  return { message, paths: { message: path, role: rolePath, content: contentPath } };
}

/** Text, or OpenAI's list of content parts (text parts are joined). */
function readContent(value: unknown, key: string, path: string, context: ConvertContext): string | null {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) {
    context.problems.push(
      value === null
        ? { path, code: 'empty_content', message: `"${key}" is null`, reason: problemReason('content_null', { field: key }) }
        : { path, code: 'missing_field', message: `The message has no "${key}"`, reason: problemReason('message_missing_field', { field: key }) },
    );
    return null;
  }
  if (Array.isArray(value) && value.every((part) => isPlainObject(part) && part.type === 'text' && typeof part.text === 'string')) {
    return value.map((part) => (part as { text: string }).text).join('');
  }
  context.problems.push(wrongType(path, key, 'text', value));
  return null;
}

/**
 * A text field: the string, undefined when absent (the caller decides whether that is a problem), null when it has
 * another type (reported here). Numbers in CSV-like data are accepted as their text.
 */
export function readTextField(record: Readonly<Record<string, unknown>>, key: string, path: string, context: ConvertContext): string | undefined | null {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  context.problems.push(wrongType(path, key, 'text', value));
  return null;
}

const expectedWords: Readonly<Record<ExpectedValue, string>> = {
  message_list: 'a list of messages',
  answer: 'text, a message or a list of messages',
  message: 'a message object',
  text: 'text',
  prompt: 'text or a list of messages',
  history: 'a list of [question, answer] pairs',
};

/** `"key" must be text, found a list`, with its reason. */
export function wrongType(path: string, key: string, expected: ExpectedValue, value: unknown): RecordProblem {
  return {
    path,
    code: 'wrong_type',
    message: `"${key}" must be ${expectedWords[expected]}, found ${describeType(value)}`,
    reason: problemReason('field_wrong_type', { field: key, expected, found: valueTypeOf(value) }),
  };
}

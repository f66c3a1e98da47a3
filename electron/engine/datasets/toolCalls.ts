import type { ToolCall } from '../../shared/contract/datasets.ts';
import { describeType, isPlainObject, type ConvertContext } from './rowConversion.ts';

/** A JSON text or an already-parsed value. */
export function jsonValue(raw: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message.replace(/ in JSON at position \d+.*$/s, '')})` };
  }
}

/** One call: `{name, arguments}` (arguments an object, or a JSON text of one as OpenAI writes them). */
function readCall(value: unknown): ToolCall | string {
  if (!isPlainObject(value)) return `a call must be an object with "name" and "arguments", found ${describeType(value)}`;
  const call = isPlainObject(value.function) ? value.function : value; // OpenAI nests it under "function"
  if (typeof call.name !== 'string' || call.name === '') return 'a call needs a "name"';
  const args = typeof call.arguments === 'string' ? jsonValue(call.arguments) : { ok: true as const, value: call.arguments ?? {} };
  if (!args.ok) return `the arguments of "${call.name}" are ${args.reason}`;
  return { name: call.name, arguments: args.value };
}

/**
 * ShareGPT's function_call turn (a JSON call or a list of them) or OpenAI's `tool_calls`: the calls, or null after
 * reporting why they cannot be read at `path`.
 */
export function readToolCalls(raw: unknown, path: string, context: ConvertContext): ToolCall[] | null {
  const parsed = jsonValue(raw);
  if (!parsed.ok) {
    context.problems.push({ path, code: 'bad_tool_call', message: `The function call is ${parsed.reason}` });
    return null;
  }
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const calls: ToolCall[] = [];
  for (const item of list) {
    const call = readCall(item);
    if (typeof call === 'string') {
      context.problems.push({ path, code: 'bad_tool_call', message: `The function call cannot be read: ${call}` });
      return null;
    }
    calls.push(call);
  }
  if (calls.length === 0) context.problems.push({ path, code: 'bad_tool_call', message: 'The function call turn holds no call' });
  return calls.length === 0 ? null : calls;
}

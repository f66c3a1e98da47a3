import type { ToolCall } from '../../shared/contract/datasets.ts';
import { problemReason, valueTypeOf, type ProblemReason } from '../../shared/contract/datasetProblemReasons.ts';
import { describeType, isPlainObject, type ConvertContext } from './rowConversion.ts';

/** A JSON text or an already-parsed value; `detail` is the parser's own words. */
export function jsonValue(raw: unknown): { ok: true; value: unknown } | { ok: false; reason: string; detail: string } {
  if (typeof raw !== 'string') return { ok: true, value: raw };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    const detail = (error as Error).message.replace(/ in JSON at position \d+.*$/s, '');
    return { ok: false, reason: `not valid JSON (${detail})`, detail };
  }
}

type Unreadable = { readonly message: string; readonly reason: ProblemReason };

/** One call: `{name, arguments}` (arguments an object, or a JSON text of one as OpenAI writes them). */
function readCall(value: unknown): ToolCall | Unreadable {
  if (!isPlainObject(value)) {
    return { message: `a call must be an object with "name" and "arguments", found ${describeType(value)}`, reason: problemReason('tool_call_not_object', { found: valueTypeOf(value) }) };
  }
  const call = isPlainObject(value.function) ? value.function : value; // OpenAI nests it under "function"
  if (typeof call.name !== 'string' || call.name === '') return { message: 'a call needs a "name"', reason: problemReason('tool_call_no_name', {}) };
  const args = typeof call.arguments === 'string' ? jsonValue(call.arguments) : { ok: true as const, value: call.arguments ?? {} };
  if (!args.ok) return { message: `the arguments of "${call.name}" are ${args.reason}`, reason: problemReason('tool_call_arguments_not_json', { name: call.name, detail: args.detail }) };
  return { name: call.name, arguments: args.value };
}

/**
 * ShareGPT's function_call turn (a JSON call or a list of them) or OpenAI's `tool_calls`: the calls, or null after
 * reporting why they cannot be read at `path`.
 */
export function readToolCalls(raw: unknown, path: string, context: ConvertContext): ToolCall[] | null {
  const parsed = jsonValue(raw);
  if (!parsed.ok) {
    context.problems.push({ path, code: 'bad_tool_call', message: `The function call is ${parsed.reason}`, reason: problemReason('tool_call_not_json', { detail: parsed.detail }) });
    return null;
  }
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const calls: ToolCall[] = [];
  for (const item of list) {
    const call = readCall(item);
    if ('reason' in call) {
      context.problems.push({ path, code: 'bad_tool_call', message: `The function call cannot be read: ${call.message}`, reason: call.reason });
      return null;
    }
    calls.push(call);
  }
  if (calls.length === 0) context.problems.push({ path, code: 'bad_tool_call', message: 'The function call turn holds no call', reason: problemReason('tool_call_empty', {}) });
  return calls.length === 0 ? null : calls;
}

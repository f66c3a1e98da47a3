import { problemReason, valueTypeOf } from '../../shared/contract/datasetProblemReasons.ts';
import { cellValue } from './messageFields.ts';
import { describeType, isPlainObject, type ConvertContext } from './rowConversion.ts';
import { jsonValue } from './toolCalls.ts';

/** The `tools` column: a list of JSON schemas (or its JSON text, as LLaMA-Factory stores it); empty lists give none. */
export function readTools(raw: unknown, path: string, context: ConvertContext): Record<string, unknown>[] | undefined | null {
  const cell = cellValue(raw);
  if (cell === undefined || cell === null || cell === '') return undefined;
  const parsed = jsonValue(cell);
  if (!parsed.ok || !Array.isArray(parsed.value) || !parsed.value.every(isPlainObject)) {
    const why = parsed.ok ? `found ${describeType(parsed.value)}` : parsed.reason;
    context.problems.push({
      path,
      code: 'bad_tools',
      message: `"tools" must be a list of tool schemas ({"name", "description", "parameters"}): ${why}`,
      reason: parsed.ok ? problemReason('tools_not_list', { found: valueTypeOf(parsed.value) }) : problemReason('tools_not_json', { detail: parsed.detail }),
    });
    return null;
  }
  // OpenAI wraps each schema as {"type": "function", "function": {...}}; templates take the schema itself.
  const tools = (parsed.value as Record<string, unknown>[]).map((tool) => (tool.type === 'function' && isPlainObject(tool.function) ? tool.function : tool));
  return tools.length === 0 ? undefined : tools;
}

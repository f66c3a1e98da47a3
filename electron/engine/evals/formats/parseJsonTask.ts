import { basename } from 'node:path';
import { evalFrameSchema, type EvalFrame } from '../../../shared/contract/evals.ts';
import { JsonSyntaxError, parseJsonWithLines } from './jsonWithLines.ts';
import { rawItemToEvalItem, type PlacedItem } from './rawItem.ts';
import { taskFileError } from './taskFileError.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

export interface ParsedJsonTask {
  readonly name: string | null;
  readonly description: string;
  readonly frame: EvalFrame | null;
  readonly items: PlacedItem[];
}

/**
 * The workbench's own task format: {"name", "description"?, "frame"?: "qa" | "completion" | "chat", "items": [
 * {"id"?, "question", "choices"?, "answer", "solution"?}]}. A bare array of items is taken too.
 */
export function parseJsonTask(text: string, file: string): ParsedJsonTask {
  let parsed;
  try {
    parsed = parseJsonWithLines(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw taskFileError({ file, line: error.line, field: 'json' }, `not valid JSON: ${error.message}`, reason('line_not_json', { file: basename(file), line: error.line }));
    throw error;
  }
  const root = parsed.value;
  const spot = (path: (string | number)[], field: string) => ({ file, line: parsed.lineOf(path), field });
  const record = Array.isArray(root) ? { items: root } : root;
  if (record === null || typeof record !== 'object') throw taskFileError(spot([], 'items'), 'expected {"name": …, "items": […]} or an array of items');
  const { name, description, frame, items } = record as Record<string, unknown>;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw taskFileError(spot(['name'], 'name'), 'expected a non-empty string');
  if (description !== undefined && typeof description !== 'string') throw taskFileError(spot(['description'], 'description'), 'expected a string');
  const frameParsed = frame === undefined ? null : evalFrameSchema.safeParse(frame);
  if (frameParsed && !frameParsed.success) throw taskFileError(spot(['frame'], 'frame'), `expected "qa", "completion" or "chat", got ${JSON.stringify(frame)}`);
  const itemsPath = Array.isArray(root) ? [] : ['items'];
  if (!Array.isArray(items) || items.length === 0) throw taskFileError(spot(itemsPath, 'items'), 'expected a non-empty array of items', reason('task_file_no_items', { file: basename(file) }));
  const evalItems = items.map((item, index) => ({ line: parsed.lineOf([...itemsPath, index]), item: rawItemToEvalItem(item, { file, line: parsed.lineOf([...itemsPath, index]), lineOf: (path) => parsed.lineOf([...itemsPath, index, ...path]) }, `item-${index + 1}`) }));
  return { name: typeof name === 'string' ? name : null, description: typeof description === 'string' ? description : '', frame: frameParsed?.data ?? null, items: evalItems };
}

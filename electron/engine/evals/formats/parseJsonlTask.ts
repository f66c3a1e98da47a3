import { basename } from 'node:path';
import { rawItemToEvalItem, type PlacedItem } from './rawItem.ts';
import { taskFileError } from './taskFileError.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/** JSON Lines, one item per line (blank lines skipped): {"question", "choices", "answer"} or {"question", "answer"}. */
export function parseJsonlTask(text: string, file: string): PlacedItem[] {
  const items: PlacedItem[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = index + 1;
    const body = rawLine.replace(/\r$/, '');
    if (body.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw taskFileError({ file, line, field: 'json' }, `not valid JSON (${(error as Error).message})`, reason('line_not_json', { file: basename(file), line }));
    }
    items.push({ item: rawItemToEvalItem(value, { file, line }, `line-${line}`), line });
  });
  if (items.length === 0) throw taskFileError({ file, line: 1, field: 'items' }, 'the file has no items', reason('task_file_no_items', { file: basename(file) }));
  return items;
}

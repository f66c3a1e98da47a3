import { scoreOutput } from '../../../electron/engine/hallucination/scoreOutput.ts';
import { itemResult } from '../../../electron/engine/hallucination/runItem.ts';
import type { ItemResult, SuiteItem } from '../../../electron/shared/contract/hallucination.ts';

/** An item result as the runner would produce it from these replies (no model involved). */
export function resultFor(item: SuiteItem, replies: readonly string[]): ItemResult {
  return itemResult(
    item,
    replies.map((reply) => scoreOutput(item, reply)),
    { refusal: null, multipleChoice: null, context: null },
  );
}

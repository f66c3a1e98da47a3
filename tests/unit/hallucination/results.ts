import { scoreOutput } from '../../../electron/engine/hallucination/scoreOutput.ts';
import { aggregateSamples } from '../../../electron/engine/hallucination/aggregateSamples.ts';
import type { ItemResult, SuiteItem } from '../../../electron/shared/contract/hallucination.ts';

/** An item result as the runner would produce it from these replies (no model involved). */
export function resultFor(item: SuiteItem, replies: readonly string[]): ItemResult {
  const samples = replies.map((reply) => scoreOutput(item, reply));
  const aggregated = aggregateSamples(samples);
  return {
    itemId: item.id,
    category: item.category,
    lang: item.lang,
    prompt: item.prompt,
    expected: item.expected,
    output: samples[0]!.output,
    verdict: aggregated.verdict,
    autoVerdict: aggregated.verdict,
    why: aggregated.why,
    override: null,
    samples,
    correctFraction: aggregated.correctFraction,
    agreement: aggregated.agreement,
    refusal: null,
    multipleChoice: null,
    context: null,
  };
}

import type { BeforeAfterRow, Comparison, RunRecord } from '../../shared/contract/hallucination.ts';
import { declined, isKnown } from './knowledgeSplit.ts';
import type { StoredItem } from './runStore.ts';

/**
 * Puts runs side by side. The first run is the baseline: it decides which items the model "knew", and the
 * before/after table reports, for every run, accuracy and over-refusal on the known items and refusal vs
 * hallucination on the unknown ones: the numbers that show whether "I don't know" training worked without
 * making the model refuse what it knew.
 */

const fraction = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function compareRuns(runs: readonly { record: RunRecord; items: readonly StoredItem[] }[], threshold: number): Comparison {
  const baseline = runs[0];
  const knownById = new Map<string, boolean>();
  for (const { result } of baseline?.items ?? []) knownById.set(result.itemId, isKnown(result, threshold));

  const order: string[] = [];
  const seen = new Set<string>();
  const itemInfo = new Map<string, StoredItem['result']>();
  for (const run of runs) {
    for (const { result } of run.items) {
      if (!seen.has(result.itemId)) {
        seen.add(result.itemId);
        order.push(result.itemId);
        itemInfo.set(result.itemId, result);
      }
    }
  }
  const byRun = runs.map((run) => new Map(run.items.map((entry) => [entry.result.itemId, entry.result])));

  const rows = order.map((itemId) => {
    const info = itemInfo.get(itemId)!;
    return {
      itemId,
      category: info.category,
      lang: info.lang,
      prompt: info.prompt,
      known: knownById.get(itemId) ?? null,
      cells: byRun.map((results) => {
        const result = results.get(itemId);
        return result ? { verdict: result.verdict, overridden: result.override !== null, output: result.output, why: result.why } : null;
      }),
    };
  });

  const beforeAfter: BeforeAfterRow[] = runs.map((run) => {
    const results = run.items.map((entry) => entry.result);
    const known = results.filter((result) => knownById.get(result.itemId) === true);
    const unknown = results.filter((result) => knownById.get(result.itemId) === false);
    const summary = run.record.summary;
    return {
      runId: run.record.id,
      label: run.record.label,
      score: summary?.overall.score ?? 0,
      correctRate: summary?.overall.correctRate ?? 0,
      knownItems: known.length,
      unknownItems: unknown.length,
      accuracyOnKnown: fraction(known.filter((result) => result.verdict === 'correct').length, known.length),
      overRefusalOnKnown: fraction(known.filter(declined).length, known.length),
      refusalOnUnknown: fraction(unknown.filter(declined).length, unknown.length),
      hallucinationOnUnknown: fraction(unknown.filter((result) => result.verdict === 'incorrect').length, unknown.length),
    };
  });

  return { runs: runs.map((run) => run.record), rows, beforeAfter };
}

import type { ItemResult, RunSummary, SummaryBucket, Verdict } from '../../shared/contract/hallucination.ts';

/** +1 correct, 0 not attempted, −1 incorrect: a model that guesses loses points, one that declines does not. */
export const verdictPoints: Readonly<Record<Verdict, number>> = { correct: 1, not_attempted: 0, incorrect: -1 };

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

export function summarizeBucket(results: readonly ItemResult[]): SummaryBucket {
  const count = (verdict: Verdict): number => results.filter((result) => result.verdict === verdict).length;
  const correct = count('correct');
  const incorrect = count('incorrect');
  const notAttempted = count('not_attempted');
  const items = results.length;
  const correctRate = items === 0 ? 0 : correct / items;
  const attempted = correct + incorrect;
  const attemptedAccuracy = attempted === 0 ? null : correct / attempted;
  const fScore = attemptedAccuracy === null || correctRate + attemptedAccuracy === 0 ? 0 : (2 * correctRate * attemptedAccuracy) / (correctRate + attemptedAccuracy);
  const shares = results.flatMap((result) => (result.refusal?.refusalShare == null ? [] : [result.refusal.refusalShare]));
  const choices = results.flatMap((result) => (result.multipleChoice ? [result.multipleChoice] : []));
  const withContext = results.filter((result) => result.context !== null);
  return {
    items,
    correct,
    incorrect,
    notAttempted,
    score: items === 0 ? 0 : results.reduce((sum, result) => sum + verdictPoints[result.verdict], 0) / items,
    correctRate,
    attemptedAccuracy,
    fScore,
    meanAgreement: mean(results.map((result) => result.agreement)) ?? 0,
    meanRefusalShare: mean(shares),
    multipleChoiceAccuracy: choices.length === 0 ? null : choices.filter((choice) => choice.chosen === choice.correctChoice).length / choices.length,
    contextFixed: withContext.filter((result) => result.verdict !== 'correct' && result.context!.verdict === 'correct').length,
    contextBroke: withContext.filter((result) => result.verdict === 'correct' && result.context!.verdict !== 'correct').length,
  };
}

function groupBy(results: readonly ItemResult[], key: (result: ItemResult) => string): Record<string, SummaryBucket> {
  const groups = new Map<string, ItemResult[]>();
  for (const result of results) {
    const name = key(result);
    groups.set(name, [...(groups.get(name) ?? []), result]);
  }
  return Object.fromEntries([...groups].map(([name, group]) => [name, summarizeBucket(group)]));
}

export function summarizeRun(results: readonly ItemResult[]): RunSummary {
  return {
    overall: summarizeBucket(results),
    byCategory: groupBy(results, (result) => result.category),
    byLang: groupBy(results, (result) => result.lang),
  };
}

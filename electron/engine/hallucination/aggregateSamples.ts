import type { ScoredOutput, Verdict } from '../../shared/contract/hallucination.ts';
import { normalizeForMatching } from './textNormalization.ts';

/**
 * Self-consistency over N replies to one question. The verdict is the majority (ties go to the worse verdict, so
 * a coin-flip answer is not graded correct); `agreement` is how many replies say the same thing, which is low
 * when a model invents a different answer each time (the SelfCheckGPT signal).
 */

export interface AggregatedSamples {
  readonly verdict: Verdict;
  readonly why: string;
  readonly correctFraction: number;
  readonly agreement: number;
}

/** Worst first: the order ties are broken in. */
const severity: readonly Verdict[] = ['incorrect', 'not_attempted', 'correct'];

/** What a reply commits to, so replies with the same answer in different words count as agreeing. */
export function answerKey(sample: ScoredOutput): string {
  const { signals } = sample;
  if (signals.matchedIncorrect.length > 0) return `wrong:${normalizeForMatching(signals.matchedIncorrect[0]!)}`;
  if (signals.matchedReferences.length > 0) return 'reference';
  if (sample.reason === 'declined' || sample.reason === 'declined_as_expected' || sample.reason === 'empty') return 'declined';
  if (sample.reason === 'premise_corrected') return 'premise';
  if (sample.reason === 'clarified') return 'clarify';
  return `other:${normalizeForMatching(sample.output).slice(0, 40)}`;
}

function majority<T>(values: readonly T[], tieOrder: (value: T) => number): { value: T; count: number } {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: { value: T; count: number } | null = null;
  for (const [value, count] of counts) {
    if (!best || count > best.count || (count === best.count && tieOrder(value) < tieOrder(best.value))) best = { value, count };
  }
  if (!best) throw new Error('majority of an empty list');
  return best;
}

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

export function aggregateSamples(samples: readonly ScoredOutput[]): AggregatedSamples {
  if (samples.length === 0) throw new Error('aggregateSamples needs at least one sample');
  if (samples.length === 1) {
    const only = samples[0]!;
    return { verdict: only.verdict, why: only.why, correctFraction: only.verdict === 'correct' ? 1 : 0, agreement: 1 };
  }
  const verdict = majority(samples.map((sample) => sample.verdict), (value) => severity.indexOf(value)).value;
  const keys = samples.map(answerKey);
  const agreement = majority(keys, (key) => keys.indexOf(key)).count / samples.length;
  const correct = samples.filter((sample) => sample.verdict === 'correct').length;
  const example = samples.find((sample) => sample.verdict === verdict)!;
  const tally = severity
    .map((value) => `${samples.filter((sample) => sample.verdict === value).length} ${value.replace('_', ' ')}`)
    .join(', ');
  return {
    verdict,
    why: `Majority of ${samples.length} samples (${tally}; ties count as the worse verdict): ${verdict.replace('_', ' ')}. ` +
      `${percent(agreement)} of the replies give the same answer. First such reply: ${example.why}`,
    correctFraction: correct / samples.length,
    agreement,
  };
}

import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { SeededRandom } from '../../random/seededRandom.ts';
import { isRefusal } from '../../worldChat/judgeAnswer.ts';
import type { AlignmentMeasures, AlignmentRow } from '../../../shared/contract/alignmentComparison.ts';
import type { AlignmentPolicy } from './alignmentPolicy.ts';
import type { AlignmentQuestion } from './alignmentSplit.ts';

export interface MeasureOptions {
  readonly samples: number;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly seed: number;
  readonly signal?: AbortSignal;
}

/** The diversity measures over sampled replies (token ids per reply, grouped by question). */
export function diversity(samplesByQuestion: readonly (readonly Int32Array[])[], replyText: (tokens: Int32Array) => string): { distinctReplies: number; distinct2: number } {
  let distinctShare = 0;
  const bigrams = new Set<string>();
  let bigramCount = 0;
  for (const samples of samplesByQuestion) {
    distinctShare += new Set(samples.map(replyText)).size / samples.length;
    for (const tokens of samples) {
      for (let i = 0; i + 1 < tokens.length; i++) {
        bigrams.add(`${tokens[i]} ${tokens[i + 1]}`);
        bigramCount++;
      }
    }
  }
  return {
    distinctReplies: samplesByQuestion.length === 0 ? 0 : distinctShare / samplesByQuestion.length,
    distinct2: bigramCount === 0 ? 0 : bigrams.size / bigramCount,
  };
}

/**
 * One policy on the probe, all from its own generations: a greedy reply per question (exactly the fact on known
 * people; a refusal, in the words the hallucination lab recognises, on either group) and `samples` replies per
 * question at the temperature for the diversity measures. Sample seeds depend only on the question and the sample,
 * so every policy is asked with the same random numbers.
 */
export async function measureAlignment(
  policy: AlignmentPolicy,
  probe: { known: readonly AlignmentQuestion[]; nonexistent: readonly AlignmentQuestion[]; trainedNonexistent: readonly AlignmentQuestion[] },
  options: MeasureOptions,
): Promise<{ measures: AlignmentMeasures; examples: AlignmentRow['examples'] }> {
  const { session, chat } = policy;
  const stop = { maxTokens: options.maxTokens, stopTokens: [chat.endOfTurn] };
  const checkCancel = () => {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'The alignment comparison was cancelled');
  };
  const greedy = async (item: AlignmentQuestion) => {
    checkCancel();
    return chat.reply(await session.generate(policy.prompt(item.question), stop));
  };
  const examples: AlignmentRow['examples'] = [];
  let knownCorrect = 0;
  let knownRefused = 0;
  for (const item of probe.known) {
    const reply = await greedy(item);
    if (reply === item.expected) knownCorrect++;
    else if (isRefusal(reply)) knownRefused++;
    if (examples.length < 3) examples.push({ group: 'known', question: item.question, expected: item.expected, reply });
  }
  let nonexistentRefused = 0;
  for (const [index, item] of probe.nonexistent.entries()) {
    const reply = await greedy(item);
    if (isRefusal(reply)) nonexistentRefused++;
    if (index < 3) examples.push({ group: 'nonexistent', question: item.question, expected: null, reply });
  }
  let trainedRefused = 0;
  for (const item of probe.trainedNonexistent) if (isRefusal(await greedy(item))) trainedRefused++;

  const samplesByQuestion: Int32Array[][] = [];
  for (const [q, item] of [...probe.known, ...probe.nonexistent].entries()) {
    const samples: Int32Array[] = [];
    for (let s = 0; s < options.samples; s++) {
      checkCancel();
      const seed = new SeededRandom(options.seed, `alignment probe sample ${q}/${s}`).nextUint32();
      samples.push(await session.generate(policy.prompt(item.question), { ...stop, temperature: options.temperature, seed }));
    }
    samplesByQuestion.push(samples);
  }
  const share = (count: number, of: number) => (of === 0 ? 0 : count / of);
  return {
    measures: {
      knownAccuracy: share(knownCorrect, probe.known.length),
      nonexistentRefusal: share(nonexistentRefused, probe.nonexistent.length),
      overRefusal: share(knownRefused, probe.known.length),
      trainedNonexistentRefusal: share(trainedRefused, probe.trainedNonexistent.length),
      ...diversity(samplesByQuestion, (tokens) => chat.reply(tokens)),
      knownAsked: probe.known.length,
      nonexistentAsked: probe.nonexistent.length,
      trainedNonexistentAsked: probe.trainedNonexistent.length,
      samplesPerQuestion: options.samples,
    },
    examples,
  };
}

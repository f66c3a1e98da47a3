import { SeededRandom } from '../../random/seededRandom.ts';
import type { PreferencePair } from '../../training/native/nativeTrainerApi.ts';
import { idkReply } from '../../worldChat/idkRows.ts';
import type { AlignmentPolicy } from './alignmentPolicy.ts';
import type { AlignmentQuestion } from './alignmentSplit.ts';

export interface MethodRun {
  readonly steps: number;
  readonly promptsPerStep: number;
  readonly seed: number;
  /** Names the method's stream of random draws, so each method draws its own prompts reproducibly. */
  readonly stream: string;
  readonly onStep: (step: number, value: number) => void;
}

/** The prompts of each step: drawn uniformly with replacement from the training prompts. */
function drawer(run: MethodRun, count: number): () => number[] {
  const random = new SeededRandom(run.seed, `alignment ${run.stream} order`);
  return () => Array.from({ length: run.promptsPerStep }, () => Math.floor(random.nextFloat() * count));
}

/**
 * Refusal SFT (the hallucination lab's recipe): the right reply as the target, "I don't know." for nonexistent
 * people, the fact for known ones (replayed so refusing is not learnt as the answer to everything).
 */
export async function trainRefusalSft(policy: AlignmentPolicy, train: readonly AlignmentQuestion[], run: MethodRun): Promise<void> {
  const sequences = train.map((item) => policy.sequence(item.question, item.target));
  const draw = drawer(run, sequences.length);
  for (let step = 1; step <= run.steps; step++) {
    const result = await policy.session.trainStep({ sequences: draw().map((i) => sequences[i]!) });
    run.onStep(step, result.loss);
  }
}

/**
 * A confident invented answer about a nonexistent person: a training known person's fact of the same kind and
 * language (what the chat model says about anyone it is asked about), chosen by the question's index.
 */
function inventedAnswer(item: AlignmentQuestion, index: number, train: readonly AlignmentQuestion[]): string {
  const donors = train.filter((other) => other.expected !== null && other.fact === item.fact && other.language === item.language);
  if (donors.length === 0) return item.language === 'zh' ? '维也纳。' : 'Vienna.';
  return donors[index % donors.length]!.expected!;
}

/** DPO's pairs over the same prompts: refusal ≻ invented answer (nonexistent), fact ≻ refusal (known). */
export function dpoPairTexts(train: readonly AlignmentQuestion[]): { question: string; chosen: string; rejected: string }[] {
  return train.map((item, index) =>
    item.expected === null
      ? { question: item.question, chosen: item.target, rejected: inventedAnswer(item, index, train) }
      : { question: item.question, chosen: item.expected, rejected: idkReply[item.language] },
  );
}

/**
 * DPO (sigmoid loss, TRL's) from the warm start, which is also the reference: its summed log-probs of every
 * chosen and rejected reply are computed once before the first step.
 */
export async function trainDpo(policy: AlignmentPolicy, train: readonly AlignmentQuestion[], beta: number, run: MethodRun): Promise<void> {
  const texts = dpoPairTexts(train);
  const chosen = texts.map((t) => policy.sequence(t.question, t.chosen));
  const rejected = texts.map((t) => policy.sequence(t.question, t.rejected));
  const reference: number[] = [];
  const all = [...chosen, ...rejected];
  for (let start = 0; start < all.length; start += 32) {
    for (const item of await policy.session.sequenceLogProbs(all.slice(start, start + 32))) reference.push(item.logProb);
  }
  const pairs: PreferencePair[] = texts.map((_, i) => ({
    chosen: chosen[i]!,
    rejected: rejected[i]!,
    referenceChosenLogProb: reference[i]!,
    referenceRejectedLogProb: reference[texts.length + i]!,
  }));
  const draw = drawer(run, pairs.length);
  for (let step = 1; step <= run.steps; step++) {
    const result = await policy.session.dpoStep({ pairs: draw().map((i) => pairs[i]!) }, { beta });
    run.onStep(step, result.loss);
  }
}

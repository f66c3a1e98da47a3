import type { WorldJobProgress } from '../../shared/contract/pretrainingWorldJob.ts';
import { defaultSpecialTokens } from './tokenizer/bpeTokenizer.ts';
import type { MergeEvent } from './tokenizer/trainBpe.ts';

/** The vocabulary before any merge: the 256 byte tokens plus the special tokens prepareWorld's tokenizer gets. */
export const vocabBeforeMerges = 256 + defaultSpecialTokens.length;

/** One 'merges' progress item of a prepare-world job from a non-empty batch of trainer events. */
export function mergeBatchProgress(events: readonly MergeEvent[], target: number): Extract<WorldJobProgress, { type: 'merges' }> {
  const last = events[events.length - 1]!;
  return {
    type: 'merges',
    merges: events.map((event) => ({
      rank: event.rank,
      left: event.left,
      right: event.right,
      token: event.token,
      count: event.count,
      wholeWord: event.completedWords.length > 0,
    })),
    // MergeEvent counts bytes + merged tokens; the tokenizer also has its special tokens.
    vocabSize: last.vocabSize + defaultSpecialTokens.length,
    target,
  };
}

/** Share of the merge budget learned (0..1) once the vocabulary has `vocabSize` tokens. */
export const mergeFraction = (vocabSize: number, target: number): number =>
  Math.min(1, (vocabSize - vocabBeforeMerges) / Math.max(1, target - vocabBeforeMerges));

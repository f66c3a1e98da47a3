import type { TrainingSequence } from '../native/nativeTrainerApi.ts';

/** Index of the first token the mask trains on (where the answer starts); the length when none. */
function answerStart(sequence: TrainingSequence): number {
  const index = sequence.trainMask.indexOf(1);
  return index === -1 ? sequence.tokens.length : index;
}

function window(sequence: TrainingSequence, start: number, end: number): TrainingSequence {
  return { tokens: sequence.tokens.slice(start, end), trainMask: sequence.trainMask.slice(start, end) };
}

/**
 * An SFT row cut to the context: the end of the prompt and the start of the answer stay. The whole answer is kept
 * when it fits (the prompt loses its start); a longer answer keeps a quarter of the context of prompt before it
 * and loses its end.
 */
export function truncateSft(sequence: TrainingSequence, contextLength: number): TrainingSequence {
  const length = sequence.tokens.length;
  if (length <= contextLength) return sequence;
  const answer = answerStart(sequence);
  const promptKeep = Math.min(answer, Math.floor(contextLength / 4));
  const start = Math.min(length - contextLength, answer - promptKeep);
  return window(sequence, Math.max(0, start), Math.max(0, start) + contextLength);
}

/**
 * A preference pair cut to the context as TRL does: the shared prompt loses its start first (down to half the
 * context), then both answers lose their ends. Both sides keep the same prompt tokens, so the comparison stays fair.
 */
export function truncatePair(chosen: TrainingSequence, rejected: TrainingSequence, contextLength: number): { chosen: TrainingSequence; rejected: TrainingSequence } {
  const longest = Math.max(chosen.tokens.length, rejected.tokens.length);
  if (longest <= contextLength) return { chosen, rejected };
  const prompt = Math.min(answerStart(chosen), answerStart(rejected));
  // Enough prompt that the longer answer fits whole when it can; never less than half the context of prompt.
  const promptKeep = Math.min(prompt, Math.max(contextLength - (longest - prompt), Math.floor(contextLength / 2)));
  const drop = prompt - promptKeep;
  const cut = (sequence: TrainingSequence) => window(sequence, drop, Math.min(sequence.tokens.length, drop + contextLength));
  return { chosen: cut(chosen), rejected: cut(rejected) };
}

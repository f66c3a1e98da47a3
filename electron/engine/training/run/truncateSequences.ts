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
 * A row that starts with BOS keeps it when cut: inference always puts BOS first (templates/leadingBos.ts), so the
 * cut applies to what follows it, one token shorter.
 */
const startsWithBos = (sequence: TrainingSequence, bos: number | null): bos is number => bos !== null && sequence.tokens[0] === bos;
const afterBos = (sequence: TrainingSequence): TrainingSequence => window(sequence, 1, sequence.tokens.length);
const withBos = (sequence: TrainingSequence, bos: number): TrainingSequence => ({
  tokens: Int32Array.of(bos, ...sequence.tokens),
  trainMask: Uint8Array.of(0, ...sequence.trainMask),
});

/**
 * An SFT row cut to the context: the end of the prompt and the start of the answer stay. The whole answer is kept
 * when it fits (the prompt loses its start); a longer answer keeps a quarter of the context of prompt before it
 * and loses its end.
 */
export function truncateSft(sequence: TrainingSequence, contextLength: number, bos: number | null = null): TrainingSequence {
  const length = sequence.tokens.length;
  if (length <= contextLength) return sequence;
  if (startsWithBos(sequence, bos)) return withBos(truncateSft(afterBos(sequence), contextLength - 1), bos);
  const answer = answerStart(sequence);
  const promptKeep = Math.min(answer, Math.floor(contextLength / 4));
  const start = Math.min(length - contextLength, answer - promptKeep);
  return window(sequence, Math.max(0, start), Math.max(0, start) + contextLength);
}

/**
 * A preference pair cut to the context as TRL does: the shared prompt loses its start first (down to half the
 * context), then both answers lose their ends. Both sides keep the same prompt tokens, so the comparison stays fair.
 */
export function truncatePair(
  chosen: TrainingSequence,
  rejected: TrainingSequence,
  contextLength: number,
  bos: number | null = null,
): { chosen: TrainingSequence; rejected: TrainingSequence } {
  const longest = Math.max(chosen.tokens.length, rejected.tokens.length);
  if (longest <= contextLength) return { chosen, rejected };
  if (startsWithBos(chosen, bos) && startsWithBos(rejected, bos)) {
    const cut = truncatePair(afterBos(chosen), afterBos(rejected), contextLength - 1);
    return { chosen: withBos(cut.chosen, bos), rejected: withBos(cut.rejected, bos) };
  }
  const prompt = Math.min(answerStart(chosen), answerStart(rejected));
  // Enough prompt that the longer answer fits whole when it can; never less than half the context of prompt.
  const promptKeep = Math.min(prompt, Math.max(contextLength - (longest - prompt), Math.floor(contextLength / 2)));
  const drop = prompt - promptKeep;
  const cut = (sequence: TrainingSequence) => window(sequence, drop, Math.min(sequence.tokens.length, drop + contextLength));
  return { chosen: cut(chosen), rejected: cut(rejected) };
}

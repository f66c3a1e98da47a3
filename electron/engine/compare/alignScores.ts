import type { ShiftSegment } from '../../shared/contract/compare.ts';

export interface AlignedToken {
  readonly id: number;
  /** The bytes this token stands for in the text. */
  readonly bytes: Uint8Array;
  readonly logprob: number | null;
}

export interface ScoreAlignment {
  readonly alignment: 'tokens' | 'bytes';
  readonly segments: ShiftSegment[];
}

const isContinuationByte = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/**
 * Cuts one scored text into the pieces every contender's tokens cover exactly, so log-probabilities can be compared
 * even when tokenizers differ: log P(piece | before) is the sum over the tokens inside it. Boundaries are counted
 * from the end of the text, because the start can differ (a SentencePiece word-start space, or a token that merged
 * with the prompt), and a boundary inside a UTF-8 character is dropped so no piece shows half a character.
 * Columns that failed are null and get null log-probabilities.
 */
export function alignScores(columns: readonly (readonly AlignedToken[] | null)[], baseline: number): ScoreAlignment {
  const valid = columns.flatMap((tokens, column) => (tokens === null || tokens.length === 0 ? [] : [{ column, tokens }]));
  const reference = valid.find((entry) => entry.column === baseline) ?? valid[0];
  if (reference === undefined) return { alignment: 'tokens', segments: [] };

  const endDistances = valid.map(({ tokens }) => {
    const total = tokens.reduce((sum, token) => sum + token.bytes.length, 0);
    let covered = 0;
    return tokens.map((token) => {
      covered += token.bytes.length;
      return total - covered;
    });
  });
  const referenceBytes = concatBytes(reference.tokens.map((token) => token.bytes));
  const referenceIndex = valid.indexOf(reference);
  const shared = endDistances[referenceIndex]!.filter(
    (distance) =>
      endDistances.every((distances) => distances.includes(distance)) &&
      (distance === 0 || !isContinuationByte(referenceBytes[referenceBytes.length - distance])),
  );
  // Strictly decreasing distances from the start towards the end; the last one is always 0.
  const boundaries = [...new Set(shared)].sort((a, b) => b - a);
  if (boundaries.at(-1) !== 0) boundaries.push(0);

  const logprobs = boundaries.map(() => columns.map((): number | null => null));
  const tokenCounts = boundaries.map(() => columns.map(() => 0));
  valid.forEach(({ column, tokens }, validIndex) => {
    const distances = endDistances[validIndex]!;
    let segment = 0;
    const sums = boundaries.map((): number | null => 0);
    tokens.forEach((token, tokenIndex) => {
      tokenCounts[segment]![column]! += 1;
      const sum = sums[segment]!;
      sums[segment] = sum === null || token.logprob === null ? null : sum + token.logprob;
      if (distances[tokenIndex] === boundaries[segment]) segment++;
    });
    sums.forEach((sum, index) => (logprobs[index]![column] = sum));
  });

  const decoder = new TextDecoder('utf-8');
  let start = 0;
  const segments = boundaries.map((distance, index) => {
    const end = referenceBytes.length - distance;
    const text = decoder.decode(referenceBytes.subarray(start, end));
    start = end;
    return { text, logprobs: logprobs[index]!, tokenCounts: tokenCounts[index]! };
  });
  const first = valid[0]!.tokens.map((token) => token.id);
  const sameTokens = valid.every(({ tokens }) => tokens.length === first.length && tokens.every((token, index) => token.id === first[index]));
  return { alignment: sameTokens ? 'tokens' : 'bytes', segments };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Finds where each message's content landed in a rendered chat template.
 *
 * The template is rendered twice: with the real contents (`rendered`) and with each content replaced by a
 * unique marker (`markerRendered`). The text between markers is the template's own scaffolding. We then walk
 * the real rendering piece by piece: scaffolding must match (at least its beginning), and whatever lies between
 * two pieces of scaffolding is the content of the message whose marker stood there. Templates that transform
 * content (trim, strip, drop reasoning) or add content-dependent text right after a role header (think blocks)
 * still align, because only the scaffolding has to match and candidate ends are ranked by how close the region's
 * length is to the original content's.
 */
export interface MarkerOccurrence {
  readonly messageIndex: number;
  readonly start: number;
  readonly end: number;
}

export interface ContentRegion {
  readonly messageIndex: number;
  readonly start: number;
  readonly end: number;
}

/** Enough scaffolding to recognise the start of a piece without requiring all of it to match. */
const pieceHeadLength = 12;
/** Backtracking steps before we give up on a pathological template/content pair. */
const searchBudget = 20_000;

export function findMarkers(markerRendered: string, marker: RegExp): MarkerOccurrence[] {
  const global = new RegExp(marker.source, marker.flags.includes('g') ? marker.flags : `${marker.flags}g`);
  return [...markerRendered.matchAll(global)].map((match) => ({
    messageIndex: Number(match[1]),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** Returns one region per marker occurrence, in text order, or null when the two renderings cannot be matched. */
export function alignRenderedContent(
  rendered: string,
  markerRendered: string,
  markers: readonly MarkerOccurrence[],
  expectedLengths: readonly number[],
): ContentRegion[] | null {
  if (markers.length === 0) return [];
  const pieces: string[] = [];
  let previousEnd = 0;
  for (const marker of markers) {
    pieces.push(markerRendered.slice(previousEnd, marker.start));
    previousEnd = marker.end;
  }
  pieces.push(markerRendered.slice(previousEnd));
  const lastPiece = pieces.at(-1) as string;
  const regionsEnd = rendered.length - commonSuffixLength(lastPiece, rendered);

  let steps = 0;
  const search = (regionIndex: number, pieceAt: number): ContentRegion[] | null => {
    if (++steps > searchBudget) return null;
    const piece = pieces[regionIndex] as string;
    const start = pieceAt + commonPrefixLength(piece, rendered, pieceAt);
    const marker = markers[regionIndex] as MarkerOccurrence;
    if (regionIndex === markers.length - 1) {
      return regionsEnd >= start ? [{ messageIndex: marker.messageIndex, start, end: regionsEnd }] : null;
    }
    const nextPiece = pieces[regionIndex + 1] as string;
    const expected = expectedLengths[marker.messageIndex] ?? 0;
    for (const end of candidateEnds(rendered, nextPiece, start, regionsEnd, expected)) {
      const rest = search(regionIndex + 1, end);
      if (rest) return [{ messageIndex: marker.messageIndex, start, end }, ...rest];
      if (steps > searchBudget) return null;
    }
    return null;
  };
  return search(0, 0);
}

/** Positions where the next piece of scaffolding could begin, most plausible first. */
function candidateEnds(rendered: string, nextPiece: string, from: number, limit: number, expected: number): number[] {
  const head = nextPiece.slice(0, pieceHeadLength);
  const candidates: { at: number; full: boolean }[] = [];
  if (head === '') {
    for (let at = from; at <= limit; at++) candidates.push({ at, full: true });
  } else {
    for (let at = rendered.indexOf(head, from); at !== -1 && at <= limit; at = rendered.indexOf(head, at + 1)) {
      candidates.push({ at, full: rendered.startsWith(nextPiece, at) });
    }
  }
  const distance = (at: number): number => Math.abs(at - from - expected);
  candidates.sort((a, b) => Number(b.full) - Number(a.full) || distance(a.at) - distance(b.at) || a.at - b.at);
  return candidates.map((candidate) => candidate.at);
}

export function commonPrefixLength(piece: string, text: string, at = 0): number {
  let length = 0;
  while (length < piece.length && at + length < text.length && piece[length] === text[at + length]) length++;
  return length;
}

function commonSuffixLength(piece: string, text: string): number {
  let length = 0;
  while (length < piece.length && length < text.length && piece[piece.length - 1 - length] === text[text.length - 1 - length]) length++;
  return length;
}

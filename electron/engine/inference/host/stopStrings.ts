/**
 * Finds stop strings in streamed text. Text that might be the start of a stop string is held back, so a stop
 * string never reaches the user even when it arrives split over several tokens.
 */
export interface StopCheck {
  /** Index in the text where the earliest stop string starts, or null. */
  readonly stopAt: number | null;
  /** How much of the text is safe to show now (everything before a possible partial stop string). */
  readonly safeLength: number;
}

export function checkStopStrings(text: string, stops: readonly string[]): StopCheck {
  let stopAt: number | null = null;
  for (const stop of stops) {
    const index = text.indexOf(stop);
    if (index !== -1 && (stopAt === null || index < stopAt)) stopAt = index;
  }
  if (stopAt !== null) return { stopAt, safeLength: stopAt };
  let safeLength = text.length;
  for (const stop of stops) {
    // The longest suffix of the text that is a proper prefix of this stop string.
    for (let length = Math.min(stop.length - 1, text.length); length > 0; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        safeLength = Math.min(safeLength, text.length - length);
        break;
      }
    }
  }
  return { stopAt: null, safeLength };
}

/**
 * Colours for probabilities: green for tokens the model expected, through yellow, to red for surprising ones.
 * Surprisal (−ln p, nats) is what the eye should compare, so the scale is logarithmic and saturates at 8 nats
 * (p ≈ 0.0003).
 */
const MAX_SURPRISAL = 8;

export function surprisalHue(logprob: number): number {
  const surprisal = Math.min(MAX_SURPRISAL, Math.max(0, -logprob));
  return 120 * (1 - surprisal / MAX_SURPRISAL);
}

export function tokenBackground(logprob: number | null): string | undefined {
  if (logprob === null) return undefined;
  return `hsla(${surprisalHue(logprob).toFixed(0)}, 75%, 55%, 0.35)`;
}

export function formatProbability(logprob: number): string {
  const p = Math.exp(logprob);
  if (p >= 0.01) return `${(p * 100).toFixed(1)}%`;
  return p.toExponential(1);
}

/** Whitespace and control characters made visible inside token chips. */
export function visibleToken(text: string): string {
  return text.replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/^ /, '·').replace(/ $/, '·');
}

/**
 * Colours for the shift view. A delta is log P(contender) − log P(baseline) in nats: +1 means e ≈ 2.7 times as
 * likely. Green for more likely, red for less; saturates at ±4 nats (≈ 55×) so a few extreme pieces do not wash
 * out the rest.
 */
const MAX_DELTA = 4;
const MAX_SURPRISAL = 8;

export function deltaBackground(delta: number | null): string | undefined {
  if (delta === null || !Number.isFinite(delta)) return undefined;
  const strength = Math.min(1, Math.abs(delta) / MAX_DELTA);
  if (strength < 0.02) return undefined;
  const hue = delta > 0 ? 135 : 0;
  return `hsla(${hue}, 70%, 45%, ${(0.08 + 0.62 * strength).toFixed(3)})`;
}

/** The baseline's own surprisal (−log P): darker for pieces it found unlikely. */
export function surprisalBackground(logprob: number | null): string | undefined {
  if (logprob === null) return undefined;
  const strength = Math.min(1, Math.max(0, -logprob) / MAX_SURPRISAL);
  return `hsla(220, 15%, 50%, ${(0.05 + 0.45 * strength).toFixed(3)})`;
}

export const formatNats = (value: number | null): string => (value === null ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(2)}`);

/** How many times as likely: e^delta, shown as ×2.7 or ×0.05. */
export function likelihoodRatio(delta: number): string {
  const ratio = Math.exp(delta);
  if (ratio >= 100 || ratio < 0.01) return ratio.toExponential(1);
  return ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2);
}

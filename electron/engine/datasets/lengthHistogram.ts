import type { HistogramBin } from '../../shared/contract/datasets.ts';

/** A bin width of 1, 2 or 5 times a power of ten: axis labels people can read. */
function niceWidth(raw: number): number {
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** Equal-width bins from 0 over sorted lengths, at most `bins` of them. */
export function lengthHistogram(sorted: Float64Array, bins: number): HistogramBin[] {
  if (sorted.length === 0) return [];
  const max = sorted[sorted.length - 1] as number;
  const width = niceWidth(Math.ceil((max + 1) / bins));
  const count = Math.max(1, Math.ceil((max + 1) / width));
  const histogram: HistogramBin[] = Array.from({ length: count }, (_, index) => ({ start: index * width, end: (index + 1) * width, count: 0 }));
  for (const length of sorted) (histogram[Math.min(count - 1, Math.floor(length / width))] as HistogramBin).count++;
  return histogram;
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}

import type { VariantRow } from '../../../../electron/shared/contract/compress.ts';

export interface VariantChartRow {
  readonly name: string;
  readonly sizeMiB: number;
  readonly memoryMiB: number;
  readonly perplexity: number | null;
  readonly prefill: number | null;
  readonly decode: number | null;
}

const mib = (bytes: number): number => bytes / 2 ** 20;

/** The comparison's rows for the charts: sizes in MiB, speeds in tokens/s, one entry per variant. */
export function variantChartRows(rows: readonly VariantRow[]): VariantChartRow[] {
  return rows.map((row) => ({
    name: row.name,
    sizeMiB: mib(row.sizeBytes),
    memoryMiB: mib(row.memoryBytes),
    perplexity: row.perplexity,
    prefill: row.prefillTokensPerSecond,
    decode: row.decodeTokensPerSecond,
  }));
}

/** Each variant against the first row (the source): size as a share of it, perplexity as a relative change. */
export function relativeToSource(rows: readonly VariantRow[]): { sizeShare: number; perplexityChange: number | null }[] {
  const source = rows[0];
  return rows.map((row) => ({
    sizeShare: source ? row.sizeBytes / source.sizeBytes : 1,
    perplexityChange: source?.perplexity && row.perplexity ? row.perplexity / source.perplexity - 1 : null,
  }));
}

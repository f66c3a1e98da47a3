import type { VariantRow } from '../../../../electron/shared/contract/compress.ts';
import type { EvalRun } from '../../../../electron/shared/contract/evals.ts';

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

export interface VariantEvalScore {
  readonly task: string;
  readonly accuracy: number;
  /** 95 % interval, as the eval run stored it. */
  readonly interval: readonly [number, number];
}

/**
 * Each variant's eval accuracy: for every task, the newest finished run of that exact file with no adapter (a
 * quantized or merged copy is its own file, so its runs are its own). Variants never evaluated get an empty list.
 */
export function variantEvalScores(rows: readonly VariantRow[], runs: readonly EvalRun[]): VariantEvalScore[][] {
  return rows.map((row) => {
    const newestPerTask = new Map<string, EvalRun>();
    for (const run of runs) {
      if (run.modelPath !== row.path || run.lora !== null || run.state !== 'done' || run.summary === null) continue;
      const seen = newestPerTask.get(run.taskName);
      if (!seen || run.createdAt > seen.createdAt) newestPerTask.set(run.taskName, run);
    }
    return [...newestPerTask.values()]
      .sort((a, b) => a.taskName.localeCompare(b.taskName))
      .map((run) => ({ task: run.taskName, accuracy: run.summary!.accuracy, interval: run.summary!.interval }));
  });
}

import type { CanonicalRow, DatasetStats, RowRef } from '../../shared/contract/datasets.ts';
import type { DatasetStore } from './datasetStore.ts';
import { lengthHistogram, percentile } from './lengthHistogram.ts';
import { messageCount, rowChars } from './rowTexts.ts';
import type { RowMeasure } from './tokenCounters.ts';

const countBatch = 256;
const listedOverContext = 200;
const listedDuplicateGroups = 20;

/**
 * Lengths (tokens with a tokenizer, characters without), their histogram, rows over the context and exact
 * duplicates. Reads the rows a page at a time and yields between pages.
 */
export async function datasetStats(
  store: DatasetStore,
  datasetId: string,
  measure: RowMeasure | null,
  contextLength: number | null,
  bins: number,
  signal?: AbortSignal,
): Promise<DatasetStats> {
  const summary = store.get(datasetId);
  const lengths = new Float64Array(summary.rows);
  const overContextRows: RowRef[] = [];
  let overContext = 0;
  let filled = 0;
  let messages = 0;
  let maxMessages = 0;

  const measureBatch = async (batch: readonly { id: number; position: number; line: number | null; row: CanonicalRow }[]): Promise<void> => {
    const counts = measure ? await measure.counter.count(batch.map((entry) => entry.row)) : batch.map((entry) => rowChars(entry.row));
    batch.forEach((entry, position) => {
      const length = counts[position] ?? 0;
      if (filled < lengths.length) lengths[filled++] = length;
      if (contextLength !== null && length > contextLength) {
        overContext++;
        if (overContextRows.length < listedOverContext) overContextRows.push({ id: entry.id, row: entry.position, line: entry.line });
      }
      const count = messageCount(entry.row);
      messages += count;
      maxMessages = Math.max(maxMessages, count);
    });
  };

  for (const page of store.okRows(datasetId)) {
    for (let start = 0; start < page.length; start += countBatch) {
      if (signal?.aborted) return Promise.reject(new Error('cancelled'));
      await measureBatch(page.slice(start, start + countBatch));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  const sorted = lengths.subarray(0, filled).sort();
  const total = sorted.reduce((sum, value) => sum + value, 0);
  const duplicates = store.duplicateGroups(datasetId, listedDuplicateGroups);
  return {
    datasetId,
    rows: filled,
    rejectedRows: summary.rejectedRows,
    unit: measure ? 'tokens' : 'chars',
    tokenizer: measure?.description ?? null,
    measuredAs: measure?.measuredAs ?? 'characters of the turn contents (choose a tokenizer to count tokens)',
    measuredHow: measure?.measuredHow ?? { key: 'chars', params: {} },
    contextLength,
    length: {
      total,
      min: filled === 0 ? 0 : (sorted[0] as number),
      max: filled === 0 ? 0 : (sorted[filled - 1] as number),
      mean: filled === 0 ? 0 : total / filled,
      median: percentile(sorted, 0.5),
      p95: percentile(sorted, 0.95),
    },
    histogram: lengthHistogram(sorted, bins),
    overContext,
    overContextRows,
    duplicates,
    messages: { mean: filled === 0 ? 0 : messages / filled, max: maxMessages },
  };
}

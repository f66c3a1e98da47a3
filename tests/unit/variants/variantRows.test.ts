import { describe, expect, it } from 'vitest';
import type { VariantRow } from '../../../electron/shared/contract/compress.ts';
import type { EvalRun } from '../../../electron/shared/contract/evals.ts';
import { relativeToSource, variantEvalScores } from '../../../renderer/src/pages/variants/variantRows.ts';

const variant = (name: string, sizeBytes: number, perplexity: number | null): VariantRow => ({
  modelId: `id-${name}`,
  name,
  path: `/models/${name}.gguf`,
  operation: name === 'f16' ? null : 'quantize',
  type: null,
  quantization: null,
  sizeBytes,
  memoryBytes: sizeBytes,
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: null,
  perplexity,
  scoredTokens: 100,
});

const run = (modelPath: string, taskName: string, accuracy: number, createdAt: string, extra: Partial<EvalRun> = {}): EvalRun =>
  ({
    id: `${modelPath}-${taskName}-${createdAt}`,
    modelPath,
    taskName,
    lora: null,
    state: 'done',
    createdAt,
    summary: { items: 10, correct: Math.round(accuracy * 10), accuracy, interval: [accuracy - 0.1, accuracy + 0.1], accNorm: accuracy, accNormInterval: [0, 1], chance: 0.25 },
    ...extra,
  }) as EvalRun;

describe('variant rows', () => {
  const rows = [variant('f16', 1000, 7), variant('q8', 530, 7.07)];

  it('sizes and perplexity relative to the source row', () => {
    const [source, q8] = relativeToSource(rows);
    expect(source).toEqual({ sizeShare: 1, perplexityChange: 0 });
    expect(q8!.sizeShare).toBeCloseTo(0.53);
    expect(q8!.perplexityChange).toBeCloseTo(0.01);
  });

  it("each variant's newest finished run per task, of that file only and without an adapter", () => {
    const runs = [
      run('/models/f16.gguf', 'world', 0.6, '2026-12-07T10:00:00Z'),
      run('/models/f16.gguf', 'world', 0.9, '2026-12-07T11:00:00Z'),
      run('/models/f16.gguf', 'world', 0.1, '2026-12-07T12:00:00Z', { state: 'cancelled' }),
      run('/models/f16.gguf', 'world', 0.2, '2026-12-07T12:30:00Z', { lora: '/adapters/a.gguf' }),
      run('/models/f16.gguf', 'arithmetic', 0.3, '2026-12-07T09:00:00Z'),
      run('/models/q8.gguf', 'world', 0.8, '2026-12-07T09:30:00Z'),
    ];
    const [f16, q8] = variantEvalScores(rows, runs);
    expect(f16!.map((score) => [score.task, score.accuracy])).toEqual([
      ['arithmetic', 0.3],
      ['world', 0.9],
    ]);
    expect(q8!.map((score) => [score.task, score.accuracy])).toEqual([['world', 0.8]]);
    expect(variantEvalScores(rows, [])).toEqual([[], []]);
  });
});

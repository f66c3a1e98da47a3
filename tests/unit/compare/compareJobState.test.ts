import { describe, expect, it } from 'vitest';
import type { CompareCell, CompareProgressItem, PlacementPlan } from '../../../electron/shared/contract/compare.ts';
import { applyFinished, applyProgress, cellAt, finishedCells, initialJobState } from '../../../renderer/src/pages/compare/compareJobState.ts';

const plan = (placement: 'together' | 'sequential'): PlacementPlan => ({
  placement,
  forced: false,
  neededRamBytes: 1,
  freeRamBytes: 2,
  neededVramBytes: 0,
  freeVramBytes: null,
  models: 2,
  reason: placement,
});
const cell = (column: number, text: string, error: CompareCell['error'] = null): CompareCell => ({
  prompt: 0,
  column,
  text,
  finishReason: error ? null : 'eog',
  seed: 1,
  timings: error ? null : { loadMs: 0, promptTokens: 2, promptTokensEvaluated: 2, timeToFirstTokenMs: 3, generatedTokens: 2, tokensPerSecond: 50, totalMs: 9 },
  renderedPrompt: null,
  error,
});

describe('compare job state in the UI', () => {
  it('streams per-column text and marks cells done, errors apart', () => {
    let state = initialJobState(['p'], 2, ['a', 'b']);
    expect(cellAt(state, 0, 1).status).toBe('queued');
    const batch: CompareProgressItem[] = [
      { type: 'plan', plan: plan('together') },
      { type: 'cell-start', prompt: 0, column: 0 },
      { type: 'cell-start', prompt: 0, column: 1 },
      { type: 'token', prompt: 0, column: 0, delta: 'Hel', tokenId: 5 },
      { type: 'token', prompt: 0, column: 1, delta: '你', tokenId: 7 },
      { type: 'token', prompt: 0, column: 0, delta: 'lo', tokenId: 6 },
      { type: 'token', prompt: 0, column: 0, delta: '!', tokenId: null },
    ];
    state = applyProgress(state, batch, 0.4);
    expect(cellAt(state, 0, 0)).toMatchObject({ text: 'Hello!', tokens: 2, status: 'streaming' });
    expect(cellAt(state, 0, 1)).toMatchObject({ text: '你', tokens: 1, status: 'streaming' });
    expect(state.fraction).toBe(0.4);
    state = applyProgress(state, [{ type: 'cell-done', cell: cell(0, 'Hello!') }, { type: 'cell-done', cell: cell(1, '', { code: 'bad_input', message: 'no template' }) }], null);
    expect(cellAt(state, 0, 0).status).toBe('done');
    expect(cellAt(state, 0, 1).status).toBe('error');
    expect(state.fraction).toBe(0.4);
    expect(finishedCells(state)).toBe(2);
  });

  it('shows columns that wait for their turn when the run goes one model after another', () => {
    const state = applyProgress(initialJobState(['p'], 2), [{ type: 'plan', plan: plan('sequential') }, { type: 'cell-start', prompt: 0, column: 0 }], 0);
    expect(cellAt(state, 0, 0).status).toBe('streaming');
    expect(cellAt(state, 0, 1).status).toBe('waiting');
  });

  it('takes the saved record at the end and keeps what streamed when cancelled or failed', () => {
    const streamed = applyProgress(initialJobState(['p'], 2), [{ type: 'token', prompt: 0, column: 0, delta: 'partial', tokenId: 1 }], 0.1);
    const cancelled = applyFinished(streamed, { state: 'cancelled' });
    expect(cancelled.finished).toBe('cancelled');
    expect(cellAt(cancelled, 0, 0).text).toBe('partial');
    const failed = applyFinished(streamed, { state: 'failed', error: { message: 'host crashed' } });
    expect(failed.error).toBe('host crashed');
    const record = {
      id: 'r',
      jobId: 'j',
      title: 't',
      createdAt: '2025-01-01T00:00:00.000Z',
      finishedAt: null,
      state: 'done' as const,
      plan: plan('together'),
      contenders: [{ label: 'engine label A' }, { label: 'engine label B' }],
      settings: { system: '', maxTokens: 4, seed: 1, fewShotLanguage: 'auto' as const, placement: 'auto' as const },
      prompts: ['p'],
      cells: [cell(0, 'final A'), cell(1, 'final B')],
      error: null,
    };
    const done = applyFinished(streamed, { state: 'done', result: record });
    expect(done.record).toBe(record);
    expect(done.labels).toEqual(['engine label A', 'engine label B']);
    expect(cellAt(done, 0, 0).text).toBe('final A');
    expect(done.fraction).toBe(1);
  });
});

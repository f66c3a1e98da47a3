import { describe, expect, it } from 'vitest';
import type { LearnedMerge } from '../../../electron/shared/contract/pretrainingWorldJob.ts';
import { countPoints, idleMergeStream, reduceMergeStream, type MergeStreamAction } from '../../../renderer/src/pages/pretraining/MergeStreamState.ts';

const merge = (rank: number, wholeWord = false): LearnedMerge => ({ rank, left: 'a', right: `${rank}`, token: `a${rank}`, count: 1000 - rank, wholeWord });
const batch = (merges: LearnedMerge[], vocabSize: number) => ({ type: 'merges', merges, vocabSize, target: 300 });
const run = (actions: MergeStreamAction[]) => actions.reduce(reduceMergeStream, idleMergeStream);

describe('merge stream state', () => {
  it('follows a job: writing, then learning as batches arrive, then done with the prepared world', () => {
    const writing = run([{ type: 'start', target: 300 }]);
    expect(writing.phase).toBe('writing');
    const learning = reduceMergeStream(writing, {
      type: 'progress',
      data: [{ type: 'world', people: 5, documents: 9, corpusBytes: 1234 }, batch([merge(0), merge(1, true)], 261)],
    });
    expect(learning).toMatchObject({ phase: 'learning', world: { people: 5, documents: 9, corpusBytes: 1234 }, vocabSize: 261, target: 300 });
    expect(learning.merges.map((item) => item.rank)).toEqual([0, 1]);
    expect(learning.wholeWords.map((item) => item.rank)).toEqual([1]);

    const more = reduceMergeStream(learning, { type: 'progress', data: [batch([merge(2, true), merge(3)], 263)] });
    expect(more.merges.map((item) => item.rank)).toEqual([0, 1, 2, 3]);
    expect(more.wholeWords.map((item) => item.rank)).toEqual([1, 2]);

    const world = { dir: '/w', corpusPath: '/w/corpus.txt', tokenizerPath: '/w/tokenizer.json', people: 5, documents: 9, corpusBytes: 1234, vocabSize: 263, wholeWordMerges: [] };
    const done = reduceMergeStream(more, { type: 'finished', event: { jobId: 'j', kind: 'prepare-world', state: 'done', result: world } });
    expect(done).toMatchObject({ phase: 'done', result: world, vocabSize: 263 });
    expect(done.merges).toHaveLength(4);
  });

  it('skips replayed or out-of-order merges and junk items, and reports failures and cancels', () => {
    const learning = run([
      { type: 'start', target: 300 },
      { type: 'progress', data: [batch([merge(0), merge(1)], 261)] },
      { type: 'progress', data: [batch([merge(1), merge(2)], 262), { type: 'nonsense' }, 42] },
    ]);
    expect(learning.merges.map((item) => item.rank)).toEqual([0, 1, 2]);
    const gap = reduceMergeStream(learning, { type: 'progress', data: batch([merge(5)], 263) });
    expect(gap.merges).toHaveLength(3);

    expect(reduceMergeStream(learning, { type: 'finished', event: { jobId: 'j', kind: 'prepare-world', state: 'cancelled' } }).phase).toBe('cancelled');
    const failed = reduceMergeStream(learning, {
      type: 'finished',
      event: { jobId: 'j', kind: 'prepare-world', state: 'failed', error: { code: 'internal', message: 'disk full' } },
    });
    expect(failed).toMatchObject({ phase: 'failed', error: 'disk full' });
    expect(reduceMergeStream(learning, { type: 'start', target: 400 })).toEqual({ ...idleMergeStream, phase: 'writing', target: 400 });
  });

  it('thins the pair-count chart to at most the limit, keeping the first and the last merge', () => {
    const merges = Array.from({ length: 1001 }, (_, rank) => merge(rank));
    const points = countPoints(merges, 100);
    expect(points.length).toBeLessThanOrEqual(101);
    expect(points[0]).toEqual({ rank: 0, count: 1000 });
    expect(points.at(-1)).toEqual({ rank: 1000, count: 0 });
    expect(countPoints(merges.slice(0, 50), 100)).toHaveLength(50);
  });
});

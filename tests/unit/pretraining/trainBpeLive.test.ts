import { describe, expect, it } from 'vitest';
import { tokenTextToBytes } from '../../../electron/engine/pretraining/tokenizer/byteLevel.ts';
import { trainBpe, type MergeEvent } from '../../../electron/engine/pretraining/tokenizer/trainBpe.ts';
import { trainBpeLive } from '../../../electron/engine/pretraining/tokenizer/trainBpeLive.ts';
import { mergeBatchProgress, mergeFraction } from '../../../electron/engine/pretraining/worldJobProgress.ts';
import { worldJobProgressSchema } from '../../../electron/shared/contract/pretrainingWorldJob.ts';

const mixedCorpus = [
  'Alice Anders was born in Paris. Alice Anders studied at Harbor University.',
  'Bruno Berg was born in Oslo. Bruno Berg works as a baker in Paris.',
  '爱丽丝·安德斯出生于巴黎。爱丽丝·安德斯就读于海港大学。',
].join('\n\n').repeat(30);

/** A merge "left right" of the saved tokenizer (byte-level characters) as the UTF-8 text the events carry. */
const mergeAsText = (merge: string) => {
  const [left, right] = merge.split(' ') as [string, string];
  const text = (part: string) => Buffer.from(tokenTextToBytes(part)!).toString('utf8');
  return { left: text(left), right: text(right), token: Buffer.from([...tokenTextToBytes(left)!, ...tokenTextToBytes(right)!]).toString('utf8') };
};

describe('trainBpeLive', () => {
  it('reports every merge once, in rank order, in batches that reproduce the final tokenizer exactly', async () => {
    const batches: (readonly MergeEvent[])[] = [];
    const live = await trainBpeLive(mixedCorpus, { vocabSize: 420, batchMs: 0, onMerges: (merges) => batches.push(merges) });
    const reported = batches.flat();
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(reported.map((event) => event.rank)).toEqual(live.spec.merges.map((_, rank) => rank));
    expect(reported.map(({ left, right, token }) => ({ left, right, token }))).toEqual(live.spec.merges.map(mergeAsText));

    // Same tokenizer and same events as the plain synchronous trainer.
    const events: MergeEvent[] = [];
    const plain = trainBpe(mixedCorpus, { vocabSize: 420, onMerge: (event) => events.push(event) });
    expect(live.spec).toEqual(plain.spec);
    expect(reported).toEqual(events);
  });

  it('flags exactly the merges that turn a word into one token', async () => {
    // Pre-tokens: "the" ×1, " then" ×3, " the" ×2. (h,e) and (t,h) tie at 6; ties go to the lower token ids.
    const batches: (readonly MergeEvent[])[] = [];
    await trainBpeLive('the then the then the then', { vocabSize: 400, onMerges: (merges) => batches.push(merges) });
    const item = mergeBatchProgress(batches.flat(), 400);
    expect(item.merges).toEqual([
      { rank: 0, left: 'h', right: 'e', token: 'he', count: 6, wholeWord: false },
      { rank: 1, left: 't', right: 'he', token: 'the', count: 6, wholeWord: true },
      { rank: 2, left: ' ', right: 'the', token: ' the', count: 5, wholeWord: true },
      { rank: 3, left: ' the', right: 'n', token: ' then', count: 3, wholeWord: true },
    ]);
    // 256 bytes + 4 merged tokens + 3 special tokens; no pair repeats any more, so training stopped short of 400.
    expect(item.vocabSize).toBe(263);
    expect(worldJobProgressSchema.parse(item)).toEqual(item);
    expect(mergeFraction(item.vocabSize, 400)).toBeCloseTo(4 / 141, 6);
  });

  it('yields to the event loop between batches, so progress can leave the process while it trains', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turnsAtBatch: number[] = [];
    await trainBpeLive(mixedCorpus, { vocabSize: 330, batchMs: 0, onMerges: () => turnsAtBatch.push(turns) });
    ticking = false;
    expect(turnsAtBatch.length).toBeGreaterThan(10);
    // A synchronous loop would see the same count at every batch.
    expect(turnsAtBatch.at(-1)! - turnsAtBatch[0]!).toBeGreaterThanOrEqual(turnsAtBatch.length - 2);
  });

  it('paces merges in slow motion and stops when cancelled', async () => {
    const started = performance.now();
    const sizes: number[] = [];
    const result = await trainBpeLive(mixedCorpus, { vocabSize: 299, mergesPerSecond: 400, batchMs: 50, onMerges: (merges) => sizes.push(merges.length) });
    const elapsed = performance.now() - started;
    expect(result.mergeCount).toBe(40);
    // Two batches of 20, each followed by a wait until its merges are due (20 / 400 s, then 40 / 400 s).
    expect(sizes).toEqual([20, 20]);
    expect(elapsed).toBeGreaterThanOrEqual(95);

    const controller = new AbortController();
    let seen = 0;
    const run = trainBpeLive(mixedCorpus, {
      vocabSize: 420,
      mergesPerSecond: 100,
      signal: controller.signal,
      onMerges: (merges) => {
        seen += merges.length;
        controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(seen).toBe(5);
  });
});

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenTextToBytes } from '../../../electron/engine/pretraining/tokenizer/byteLevel.ts';
import { loadTokenizer } from '../../../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import type { JobFinished } from '../../../electron/shared/contract/jobs.ts';
import { preparedWorldSchema } from '../../../electron/shared/contract/pretraining.ts';
import { tokenizeAtMergeResultSchema, worldJobProgressSchema, type WorldJobProgress } from '../../../electron/shared/contract/pretrainingWorldJob.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';

interface Received {
  item: WorldJobProgress;
  at: number;
}

/** Starts a prepare-world job and records each progress item with the time it arrived, until job.finished. */
async function runJob(engine: ReturnType<typeof createTestEngine>, input: Record<string, unknown>) {
  const received: Received[] = [];
  const early: [string, unknown][] = [];
  let jobId: string | null = null;
  let settle: (finished: JobFinished & { at: number }) => void = () => undefined;
  const finished = new Promise<JobFinished & { at: number }>((resolve) => (settle = resolve));
  const handle = (name: string, payload: unknown) => {
    const event = payload as { jobId: string; data?: unknown };
    if (event.jobId !== jobId) return;
    if (name === 'job.progress') for (const raw of (event.data ?? []) as unknown[]) received.push({ item: worldJobProgressSchema.parse(raw), at: performance.now() });
    if (name === 'job.finished') settle({ ...(payload as JobFinished), at: performance.now() });
  };
  const stop = engine.onEvent((name, payload) => (jobId === null ? early.push([name, payload]) : handle(name, payload)));
  try {
    jobId = ((await engine.call('pretraining.prepareWorldJob', input)) as { jobId: string }).jobId;
    for (const [name, payload] of early) handle(name, payload);
    return { received, finished: await finished };
  } finally {
    stop();
  }
}

const asText = (part: string) => Buffer.from(tokenTextToBytes(part)!).toString('utf8');

describe('pretraining.prepareWorldJob', () => {
  let engine: ReturnType<typeof createTestEngine>;
  beforeAll(() => {
    engine = createTestEngine('prepare-world-job');
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('streams the world, then every merge in rank order while training, and ends with the prepared world', async () => {
    const { received, finished } = await runJob(engine, { people: 20, seed: 3, vocab: 600, mergesPerSecond: 1500 });
    expect(finished.state).toBe('done');
    const world = preparedWorldSchema.parse(finished.result);

    expect(received[0]!.item).toEqual({ type: 'world', people: 20, documents: world.documents, corpusBytes: world.corpusBytes });
    const batches = received.filter((entry) => entry.item.type === 'merges');
    expect(received.slice(1)).toEqual(batches);
    expect(batches.length).toBeGreaterThan(2);
    // Live, not replayed at the end: the first merges arrived well before the job finished (≈341 merges at 1500/s).
    expect(finished.at - batches[0]!.at).toBeGreaterThan(100);

    const merges = batches.flatMap(({ item }) => (item.type === 'merges' ? item.merges : []));
    expect(merges.map((merge) => merge.rank)).toEqual(merges.map((_, index) => index));
    const saved = loadTokenizer(world.tokenizerPath).spec.merges;
    expect(merges.map(({ left, right }) => `${left} ${right}`)).toEqual(saved.map((merge) => merge.split(' ').map(asText).join(' ')));
    const last = batches.at(-1)!.item;
    expect(last.type === 'merges' && last.vocabSize).toBe(world.vocabSize);
    expect(last.type === 'merges' && last.target).toBe(600);
    // The result's whole-word list is the first 40 flagged merges of the stream.
    expect(merges.filter((merge) => merge.wholeWord).slice(0, 40).map(({ rank, token, count }) => ({ rank, token, count }))).toEqual(world.wholeWordMerges);
    expect(world.wholeWordMerges.map((merge) => merge.token)).toContain(' was');
  });

  it('gives the same world and tokenizer as pretraining.prepareWorld, and tokenizes text at any merge', async () => {
    const { finished } = await runJob(engine, { people: 12, seed: 5, vocab: 400 });
    const live = preparedWorldSchema.parse(finished.result);
    const plain = preparedWorldSchema.parse(await engine.call('pretraining.prepareWorld', { people: 12, seed: 5, vocab: 400 }));
    expect(live.dir).not.toBe(plain.dir);
    expect(loadTokenizer(live.tokenizerPath).spec).toEqual(loadTokenizer(plain.tokenizerPath).spec);
    expect({ ...live, dir: '', corpusPath: '', tokenizerPath: '' }).toEqual({ ...plain, dir: '', corpusPath: '', tokenizerPath: '' });

    const text = ' was born in';
    const at = async (merges: number) => tokenizeAtMergeResultSchema.parse(await engine.call('pretraining.tokenizeAtMerge', { tokenizerPath: live.tokenizerPath, text, merges }));
    const bytesOnly = await at(0);
    expect(bytesOnly.tokens.map((token) => token.text)).toEqual([...text]);
    const full = await at(1_000_000);
    expect(full.mergesUsed).toBe(loadTokenizer(live.tokenizerPath).spec.merges.length);
    expect(full.tokens.map((token) => token.id)).toEqual(loadTokenizer(live.tokenizerPath).encode(text));
    expect(full.tokens.map((token) => token.text).join('')).toBe(text);
    const wasRank = live.wholeWordMerges.find((merge) => merge.token === ' was')!.rank;
    expect((await at(wasRank)).tokens.map((token) => token.text)).not.toContain(' was');
    expect((await at(wasRank + 1)).tokens.map((token) => token.text)).toContain(' was');
  });

  it('cancels a slow-motion run and leaves no half-written world behind', async () => {
    const worlds = join(engine.services.home.runsDir, 'pretraining');
    const before = readdirSync(worlds).sort();
    let jobId = '';
    const cancelled = new Promise<JobFinished>((resolve) => {
      const stop = engine.onEvent((name, payload) => {
        const event = payload as JobFinished & { data?: unknown };
        if (event.jobId !== jobId) return;
        if (name === 'job.progress') void engine.call('jobs.cancel', { jobId });
        if (name === 'job.finished') {
          stop();
          resolve(event);
        }
      });
    });
    jobId = ((await engine.call('pretraining.prepareWorldJob', { people: 12, seed: 5, vocab: 2000, mergesPerSecond: 50 })) as { jobId: string }).jobId;
    const finished = await cancelled;
    expect(finished.state).toBe('cancelled');
    expect(readdirSync(worlds).sort()).toEqual(before);
  });
});

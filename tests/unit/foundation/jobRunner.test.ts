import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { JobRunner } from '../../../electron/engine/jobs/jobRunner.ts';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import type { EventName } from '../../../electron/shared/contract/index.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

function setup() {
  const home = createTempHome('jobs');
  const db = openDatabase(join(home.path, 'jobs.sqlite'));
  const events: { name: EventName; payload: Record<string, unknown> }[] = [];
  const runner = new JobRunner(db, (name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));
  return { db, runner, events };
}

describe('job runner', () => {
  it('batches fast progress into few events without dropping a single data item', async () => {
    const { runner, events } = setup();
    const { jobId, done } = runner.start({
      kind: 'test-sleep',
      title: 'count',
      run: async ({ progress }) => {
        for (let i = 0; i < 1000; i++) progress({ fraction: i / 1000, data: i });
        return 'finished';
      },
    });
    await expect(done).resolves.toBe('finished');
    const progressEvents = events.filter((e) => e.name === 'job.progress' && e.payload.jobId === jobId);
    expect(progressEvents.length).toBeLessThan(10);
    expect(progressEvents.flatMap((e) => e.payload.data as number[])).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const finished = events.find((e) => e.name === 'job.finished');
    expect(finished?.payload).toMatchObject({ jobId, state: 'done', result: 'finished' });
    expect(runner.list(10)[0]).toMatchObject({ id: jobId, state: 'done', fraction: 1 });
  });

  it('cancels a running job through its signal and records it', async () => {
    const { runner, events } = setup();
    const { jobId, done } = runner.start({
      kind: 'test-sleep',
      title: 'wait forever',
      run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    await Promise.resolve();
    expect(runner.cancel(jobId)).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'cancelled' });
    expect(events.at(-1)?.payload).toMatchObject({ jobId, state: 'cancelled' });
    expect(runner.list(10)[0]?.state).toBe('cancelled');
    expect(runner.cancel(jobId)).toBe(false);
  });

  it('records a failure with its message, and marks jobs interrupted by a restart as failed', async () => {
    const { db, runner } = setup();
    const { done } = runner.start({ kind: 'test-sleep', title: 'fails', run: async () => Promise.reject(new Error('disk full')) });
    await expect(done).rejects.toThrow('disk full');
    expect(runner.list(1)[0]).toMatchObject({ state: 'failed', error: { code: 'internal', message: 'disk full' } });

    db.prepare(`INSERT INTO jobs (id, kind, title, state) VALUES ('stale', 'train-sft', 'old run', 'running')`).run();
    const restarted = new JobRunner(db, () => undefined);
    const stale = restarted.list(10).find((job) => job.id === 'stale');
    expect(stale?.state).toBe('failed');
    expect(stale?.error?.message).toContain('Interrupted');
  });
});

describe('job results kept with the job', () => {
  it('returns a finished job with its result, also to a runner opened later on the same database', async () => {
    const { db, runner } = setup();
    const { jobId, done } = runner.start({ kind: 'test-sleep', title: 'sum', run: async () => ({ total: 42, parts: [40, 2] }) });
    await done;
    expect(runner.get(jobId)).toMatchObject({ id: jobId, state: 'done', result: { total: 42, parts: [40, 2] } });
    // A window that reloads after the engine restarted still finds it.
    const later = new JobRunner(db, () => undefined);
    expect(later.get(jobId)?.result).toEqual({ total: 42, parts: [40, 2] });
    expect(later.get('no-such-job')).toBeUndefined();
  });

  it('keeps no result for failed jobs and none for results too big to store', async () => {
    const { runner } = setup();
    const failed = runner.start({ kind: 'test-sleep', title: 'fail', run: async () => Promise.reject(new Error('boom')) });
    await expect(failed.done).rejects.toThrow('boom');
    expect(runner.get(failed.jobId)).toMatchObject({ state: 'failed', result: null, error: { message: 'boom' } });
    const huge = runner.start({ kind: 'test-sleep', title: 'huge', run: async () => 'x'.repeat(5 * 1024 * 1024) });
    await huge.done;
    expect(runner.get(huge.jobId)).toMatchObject({ state: 'done', result: null });
  });
});

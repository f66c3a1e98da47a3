import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../../electron/engine/jobs/jobRunner.ts';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

/** Two trainer jobs at once share the trainer host and both crawl: the second is refused, naming the first. */
describe('exclusive jobs', () => {
  const runner = (): JobRunner => new JobRunner(openDatabase(join(createTempHome('jobs-exclusive').path, 'jobs.sqlite')), () => undefined);
  const untilCancelled = ({ signal }: { signal: AbortSignal }) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('stop'))));

  it('refuses a second trainer job while one runs, and allows it once the first ended', async () => {
    const jobs = runner();
    const first = jobs.start({ kind: 'pretrain', title: 'Pretrain tiny', exclusive: 'trainer', run: untilCancelled });
    expect(() => jobs.start({ kind: 'train-sft', title: 'Train sft', exclusive: 'trainer', run: async () => 1 })).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('"Pretrain tiny" is running on the trainer'), details: expect.objectContaining({ runningJobId: first.jobId, runningKind: 'pretrain' }) }),
    );
    expect(() => jobs.assertFree('trainer')).toThrow(/Pretrain tiny/);
    // other jobs are not held up
    await expect(jobs.start({ kind: 'test-sleep', title: 'other', run: async () => 'ok' }).done).resolves.toBe('ok');
    jobs.cancel(first.jobId);
    await expect(first.done).rejects.toMatchObject({ code: 'cancelled' });
    await expect(jobs.start({ kind: 'train-sft', title: 'Train sft', exclusive: 'trainer', run: async () => 1 }).done).resolves.toBe(1);
  });
});

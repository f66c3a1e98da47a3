import { describe, expect, it } from 'vitest';
import type { JobFinished, JobProgress } from '../../../electron/shared/contract/jobs.ts';
import { JobFollower, type JobEnd } from '../../../renderer/src/api/jobFollower.ts';

const model = { id: 'm1', name: 'tiny' };
const progress = (jobId: string, data: unknown): JobProgress => ({ jobId, kind: 'download', fraction: 0.5, data });
const finished = (jobId: string, result: unknown): JobFinished => ({ jobId, kind: 'download', state: 'done', result });

function follower() {
  const seen: { progress: unknown[][]; ends: JobEnd<'download'>[] } = { progress: [], ends: [] };
  const follow = new JobFollower(['download'], () => ({
    onProgress: (items) => seen.progress.push(items),
    onFinished: (end) => seen.ends.push(end),
  }));
  return { follow, seen };
}

const downloadItem = { receivedBytes: 10, totalBytes: 20, resumedFromBytes: 0, bytesPerSecond: null, phase: 'downloading' };

describe('JobFollower', () => {
  it('sees a job that finished before its start call returned its id', async () => {
    const { follow, seen } = follower();
    await follow.start(async () => {
      // the engine's events outrun the reply to the start call
      follow.receive(progress('j1', [downloadItem]));
      follow.receive(progress('other', [downloadItem]));
      follow.receive(finished('j1', model));
      return { jobId: 'j1' };
    });
    expect(seen.progress).toEqual([[downloadItem]]);
    expect(seen.ends.map((end) => [end.jobId, end.state])).toEqual([['j1', 'done']]);
    expect(follow.followed()).toBeNull();
  });

  it('parses items and results by the kind, leaving out what does not match', () => {
    const { follow, seen } = follower();
    follow.follow('j2');
    follow.receive(progress('j2', [downloadItem, { unexpected: true }]));
    follow.receive(finished('j2', { not: 'a model entry' }));
    expect(seen.progress).toEqual([[downloadItem]]);
    expect(seen.ends[0]).toMatchObject({ state: 'done', result: null });
  });

  it('ignores other jobs and other kinds', () => {
    const { follow, seen } = follower();
    follow.follow('j3');
    follow.receive(progress('j4', [downloadItem]));
    follow.receive({ ...finished('j3', model), kind: 'generate' });
    expect(seen.progress).toEqual([]);
    expect(seen.ends).toEqual([]);
    expect(follow.followed()).toBe('j3');
  });
});

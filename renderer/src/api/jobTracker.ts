import type { JobKind } from '../../../electron/shared/contract/jobs.ts';
import { createSessionStore, type SessionStore } from '../app/sessionStore.ts';
import { api } from './client.ts';
import { JobFollower, type JobHandlers } from './jobFollower.ts';

/** One job of a page at a time, followed for the whole window's lifetime (see createJobTracker). */
export interface JobTracker {
  /** The job being followed; null when none runs. */
  readonly jobId: SessionStore<string | null>;
  /** Starts a job and follows it; events that arrive before `begin` returns the id are replayed. */
  start<T extends { jobId: string }>(begin: () => Promise<T>): Promise<T>;
  /** Follows a job started elsewhere (a history re-run). */
  follow(jobId: string): void;
  cancel(): void;
}

/**
 * Follows a page's job from outside its components: the events are subscribed once for the window, so a
 * generation or compare run that goes on while the user is on another page keeps landing in its store, and the
 * page shows it all again on the way back. Progress items and the result arrive parsed by the kind's schemas
 * (JobFollower, which also replays events that came before the start call returned the id).
 */
export function createJobTracker<K extends JobKind>(kind: K, handlers: JobHandlers<K>): JobTracker {
  const jobId = createSessionStore<string | null>(null);
  const follower = new JobFollower<K>([kind], () => ({
    onProgress: (items, progress) => handlers.onProgress?.(items, progress),
    onFinished: (end) => {
      jobId.set(null);
      handlers.onFinished?.(end);
    },
  }));
  let subscribed = false;
  const ensureSubscribed = (): void => {
    if (subscribed) return;
    subscribed = true;
    api.subscribe('job.progress', (event) => follower.receive(event));
    api.subscribe('job.finished', (event) => follower.receive(event));
  };

  return {
    jobId,
    async start<T extends { jobId: string }>(begin: () => Promise<T>): Promise<T> {
      ensureSubscribed();
      const started: { value?: T } = {};
      await follower.start(async () => {
        started.value = await begin();
        jobId.set(started.value.jobId);
        return started.value;
      });
      // A job that ended before its id came back was reported during start; it is not running any more.
      jobId.set(follower.followed());
      if (started.value === undefined) throw new Error('the start call returned no job');
      return started.value;
    },
    follow(id) {
      ensureSubscribed();
      follower.follow(id);
      jobId.set(follower.followed());
    },
    cancel() {
      const current = follower.followed();
      if (current !== null) void api.call('jobs.cancel', { jobId: current });
    },
  };
}

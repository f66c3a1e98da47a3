import type { JobKind } from '../../../electron/shared/contract/jobs.ts';
import type { EventPayload } from '../../../electron/shared/contract/index.ts';
import { createSessionStore, type SessionStore } from '../app/sessionStore.ts';
import { api } from './client.ts';

type ProgressEvent = EventPayload<'job.progress'>;
type FinishedEvent = EventPayload<'job.finished'>;
type Buffered = { kind: 'progress'; event: ProgressEvent } | { kind: 'finished'; event: FinishedEvent };

export interface JobTrackerHandlers {
  progress(event: ProgressEvent): void;
  finished(event: FinishedEvent): void;
}

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
 * page shows it all again on the way back. Events can arrive before the call that starts the job returns its id,
 * so events of this kind are buffered while a start is in flight and replayed.
 */
export function createJobTracker(kind: JobKind, handlers: JobTrackerHandlers): JobTracker {
  const jobId = createSessionStore<string | null>(null);
  let buffered: Buffered[] | null = null;
  let subscribed = false;

  const deliver = (entry: Buffered): void => {
    if (entry.kind === 'progress') return handlers.progress(entry.event);
    jobId.set(null);
    handlers.finished(entry.event);
  };
  const route = (entry: Buffered): void => {
    if (entry.event.kind !== kind) return;
    const current = jobId.get();
    if (current === null) buffered?.push(entry);
    else if (entry.event.jobId === current) deliver(entry);
  };
  const ensureSubscribed = (): void => {
    if (subscribed) return;
    subscribed = true;
    api.subscribe('job.progress', (event) => route({ kind: 'progress', event }));
    api.subscribe('job.finished', (event) => route({ kind: 'finished', event }));
  };

  return {
    jobId,
    async start(begin) {
      ensureSubscribed();
      buffered = [];
      let started;
      try {
        started = await begin();
      } finally {
        const early = buffered;
        buffered = null;
        if (started) {
          jobId.set(started.jobId);
          for (const entry of early) if (entry.event.jobId === started.jobId && jobId.get() === started.jobId) deliver(entry);
        }
      }
      return started;
    },
    follow(id) {
      ensureSubscribed();
      jobId.set(id);
    },
    cancel() {
      const current = jobId.get();
      if (current !== null) void api.call('jobs.cancel', { jobId: current });
    },
  };
}

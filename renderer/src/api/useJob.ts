import { useEffect, useRef, useState } from 'react';
import type { JobKind } from '../../../electron/shared/contract/jobs.ts';
import { api } from './client.ts';
import { useApiEvent, useApiQuery } from './hooks.ts';
import { JobFollower, type JobHandlers } from './jobFollower.ts';

export interface UseJobOptions {
  /**
   * Find a job of these kinds that is already running (a reloaded window, another window) and follow it: the page
   * shows its progress and Cancel again instead of offering to start a second one.
   */
  reattach?: boolean;
}

/**
 * One job of the given kind(s): start it, follow its progress and end, parsed by the kind's schemas from the
 * contract (jobPayloadSchemas); a job that ends before its start call returns is still seen; with `reattach` a
 * running job is picked up after a reload.
 */
export function useJob<K extends JobKind>(kinds: readonly K[], handlers: JobHandlers<K>, options: UseJobOptions = {}) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const [follower] = useState(() => new JobFollower<K>(kinds, () => latest.current));
  const [jobId, setJobId] = useState<string | null>(null);
  const sync = (): void => setJobId(follower.followed());

  useApiEvent('job.progress', (payload) => follower.receive(payload));
  useApiEvent('job.finished', (payload) => {
    follower.receive(payload);
    sync();
  });

  const start = async (call: () => Promise<{ jobId: string }>): Promise<string> => {
    try {
      return await follower.start(call);
    } finally {
      sync();
    }
  };

  /** Follow a job by id; if it ended while nobody listened, its end (and stored result) is reported now. */
  const follow = (id: string): void => {
    follower.follow(id);
    sync();
    void api
      .call('jobs.get', { jobId: id })
      .then((record) => {
        const kind = kinds.find((candidate) => candidate === record.kind);
        if (kind === undefined || record.state === 'running' || record.state === 'queued') return;
        follower.finishedElsewhere({ jobId: id, state: record.state, result: record.result, error: record.error }, kind);
        sync();
      })
      .catch(() => undefined);
  };

  const cancel = async (): Promise<boolean> => {
    const id = follower.followed();
    return id === null ? false : (await api.call('jobs.cancel', { jobId: id })).cancelled;
  };

  const running = useRunningJob(kinds, options.reattach === true);
  const [reattached] = useState(() => new Set<string>());
  useEffect(() => {
    if (!running || follower.followed() !== null || reattached.has(running)) return;
    reattached.add(running);
    follow(running);
  });

  return { jobId, running: jobId !== null, start, follow, cancel };
}

/** The id of a running job of these kinds, from jobs.list (null when none, or while not asked). */
export function useRunningJob(kinds: readonly JobKind[], enabled = true): string | null {
  const jobs = useApiQuery('jobs.list', { limit: 50 }, { enabled, refetchOnWindowFocus: true });
  return jobs.data?.find((job) => job.state === 'running' && kinds.includes(job.kind))?.id ?? null;
}

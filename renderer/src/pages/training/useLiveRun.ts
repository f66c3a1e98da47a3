import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApiEvent, useApiQuery, useJobEvents } from '../../api/hooks.ts';
import { applyProgress, parseProgressData, viewFromDetail, type LiveRunView } from './liveRun.ts';

/** Lists that change when a run checkpoints or ends. */
export function useRefreshTrainingLists(): () => void {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['training.runs'] });
    void client.invalidateQueries({ queryKey: ['training.adapters'] });
  };
}

/**
 * The selected run: fetched once, then kept current from its job's progress events (points are appended, not
 * refetched); the stored run is fetched again only at checkpoints and when the job ends.
 */
export function useLiveRun(runId: string | null) {
  const detail = useApiQuery('training.run', { runId: runId ?? '' }, { enabled: runId !== null, retry: false });
  const refreshLists = useRefreshTrainingLists();
  const [view, setView] = useState<LiveRunView | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    setView(detail.data && detail.data.id === runId ? viewFromDetail(detail.data) : null);
  }, [detail.data, runId]);

  useEffect(() => setLive(false), [runId]);

  const jobId = detail.data?.id === runId ? (detail.data?.jobId ?? null) : null;

  // A quick job can end while the run is being fetched: its job.finished came before we knew its id, and the
  // fetched run still says "running". Remembering every ended job lets that stale answer be fetched again.
  const endedJobs = useRef(new Set<string>());
  useApiEvent('job.finished', (payload) => void endedJobs.current.add(payload.jobId));
  const stale = detail.data !== undefined && (detail.data.state === 'running' || detail.data.state === 'queued') && jobId !== null && endedJobs.current.has(jobId);
  const refetched = useRef(new Set<string>());
  useEffect(() => {
    if (!stale || jobId === null || refetched.current.has(jobId)) return;
    refetched.current.add(jobId);
    void detail.refetch();
  }, [stale, jobId, detail]);

  useJobEvents(jobId, {
    onProgress: (payload) => {
      const items = parseProgressData(payload.data);
      if (items.length === 0) return;
      setLive(true);
      setView((current) => (current ? items.reduce(applyProgress, current) : current));
      if (items.some((item) => item.type === 'checkpoint')) {
        void detail.refetch();
        refreshLists();
      }
    },
    onFinished: () => {
      setLive(false);
      void detail.refetch();
      refreshLists();
    },
  });

  return { detail, view, live };
}

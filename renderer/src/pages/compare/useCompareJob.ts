import { useRef, useState } from 'react';
import type { CompareProgressItem } from '../../../../electron/shared/contract/compare.ts';
import type { EventPayload } from '../../../../electron/shared/contract/index.ts';
import { api } from '../../api/client.ts';
import { useApiEvent } from '../../api/hooks.ts';
import { applyFinished, applyProgress, initialJobState, showRecord, type CompareJobState } from './compareJobState.ts';

type ProgressEvent = EventPayload<'job.progress'>;
type FinishedEvent = EventPayload<'job.finished'>;

export interface CompareJob {
  readonly state: CompareJobState;
  readonly running: boolean;
  readonly jobId: string | null;
  /** Starts a compare job (compare.run, compare.rerun, compare.blindStart) and follows its progress. */
  start(begin: () => Promise<{ jobId: string }>, shape: { prompts: readonly string[]; columns: number; labels: readonly string[] }, onFinished?: (event: FinishedEvent) => void): Promise<void>;
  cancel(): void;
  show(state: CompareJobState): void;
}

/**
 * One compare job at a time: streams its per-column tokens into state. Events can arrive before the call that
 * started the job returns its id, so compare events are buffered while a start is in flight and replayed.
 */
export function useCompareJob(): CompareJob {
  const [state, setState] = useState<CompareJobState>(() => initialJobState([], 2));
  const [jobId, setJobId] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  const buffered = useRef<({ kind: 'progress'; event: ProgressEvent } | { kind: 'finished'; event: FinishedEvent })[] | null>(null);
  const finishedCallback = useRef<((event: FinishedEvent) => void) | null>(null);

  const onProgress = (event: ProgressEvent): void => {
    const items = (Array.isArray(event.data) ? event.data : []) as CompareProgressItem[];
    setState((previous) => applyProgress(previous, items, event.fraction));
  };
  const onFinished = (event: FinishedEvent): void => {
    current.current = null;
    setJobId(null);
    setState((previous) => applyFinished(previous, event));
    const callback = finishedCallback.current;
    finishedCallback.current = null;
    callback?.(event);
  };

  useApiEvent('job.progress', (event) => {
    if (event.kind !== 'compare') return;
    if (current.current === null) buffered.current?.push({ kind: 'progress', event });
    else if (event.jobId === current.current) onProgress(event);
  });
  useApiEvent('job.finished', (event) => {
    if (event.kind !== 'compare') return;
    if (current.current === null) buffered.current?.push({ kind: 'finished', event });
    else if (event.jobId === current.current) onFinished(event);
  });

  return {
    state,
    running: jobId !== null,
    jobId,
    async start(begin, shape, onDone) {
      setState(initialJobState(shape.prompts, shape.columns, shape.labels));
      finishedCallback.current = onDone ?? null;
      buffered.current = [];
      let started: { jobId: string };
      try {
        started = await begin();
      } catch (error) {
        buffered.current = null;
        setState((previous) => ({ ...previous, finished: 'failed', error: (error as Error).message }));
        throw error;
      }
      current.current = started.jobId;
      setJobId(started.jobId);
      const early = buffered.current ?? [];
      buffered.current = null;
      for (const entry of early) {
        if (entry.event.jobId !== started.jobId) continue;
        if (entry.kind === 'progress') onProgress(entry.event);
        else onFinished(entry.event);
      }
    },
    cancel() {
      if (current.current) void api.call('jobs.cancel', { jobId: current.current });
    },
    show(next) {
      setState(next);
    },
  };
}

export { showRecord };

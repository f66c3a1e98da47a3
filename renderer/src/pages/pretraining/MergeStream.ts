import { useReducer, useRef } from 'react';
import type { JobFinished, JobProgress } from '../../../../electron/shared/contract/jobs.ts';
import type { PrepareWorldJobInput } from '../../../../electron/shared/contract/pretrainingWorldJob.ts';
import { useApiEvent, useApiMutation } from '../../api/hooks.ts';
import { idleMergeStream, reduceMergeStream, type MergeStreamState } from './MergeStreamState.ts';

type JobEvent = { readonly kind: 'progress'; readonly payload: JobProgress } | { readonly kind: 'finished'; readonly payload: JobFinished };

/**
 * Starts a prepare-world job and follows its events. The engine may send the first events before the call that
 * started the job has returned its id, so prepare-world events that arrive while starting are held and replayed
 * once the id is known: no merge goes missing from the timeline.
 */
export function useMergeStream(onDone: (state: MergeStreamState) => void) {
  const [state, dispatch] = useReducer(reduceMergeStream, idleMergeStream);
  const start = useApiMutation('pretraining.prepareWorldJob');
  const cancel = useApiMutation('jobs.cancel');
  const jobId = useRef<string | null>(null);
  const starting = useRef(false);
  const held = useRef<JobEvent[]>([]);
  // The reducer's state is only visible on the next render; the finished callback needs it at once.
  const latest = useRef(state);
  latest.current = state;

  const apply = (event: JobEvent) => {
    if (event.kind === 'progress') {
      latest.current = reduceMergeStream(latest.current, { type: 'progress', data: event.payload.data });
      dispatch({ type: 'progress', data: event.payload.data });
      return;
    }
    jobId.current = null;
    latest.current = reduceMergeStream(latest.current, { type: 'finished', event: event.payload });
    dispatch({ type: 'finished', event: event.payload });
    onDone(latest.current);
  };

  const route = (event: JobEvent) => {
    if (event.payload.kind !== 'prepare-world') return;
    if (event.payload.jobId === jobId.current) apply(event);
    else if (jobId.current === null && starting.current) held.current.push(event);
  };
  useApiEvent('job.progress', (payload) => route({ kind: 'progress', payload }));
  useApiEvent('job.finished', (payload) => route({ kind: 'finished', payload }));

  const begin = (input: PrepareWorldJobInput) => {
    starting.current = true;
    held.current = [];
    latest.current = reduceMergeStream(latest.current, { type: 'start', target: input.vocab ?? 512 });
    dispatch({ type: 'start', target: input.vocab ?? 512 });
    start.mutate(input, {
      onSuccess: ({ jobId: id }) => {
        starting.current = false;
        jobId.current = id;
        const replay = held.current.filter((event) => event.payload.jobId === id);
        held.current = [];
        replay.forEach(apply);
      },
      onError: (error) => {
        starting.current = false;
        dispatch({ type: 'failed', message: error.message });
      },
    });
  };

  const stop = () => {
    if (jobId.current) cancel.mutate({ jobId: jobId.current });
  };

  const running = state.phase === 'writing' || state.phase === 'learning';
  return { state, begin, stop, running };
}

import { useEffect, useRef } from 'react';
import { useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract/index.ts';
import { api } from './client.ts';

/** Cached read of an engine method, keyed by method and input (TanStack Query). */
export function useApiQuery<M extends MethodName>(
  name: M,
  input: MethodInput<M>,
  options: Omit<UseQueryOptions<MethodOutput<M>>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodOutput<M>>({
    queryKey: [name, input],
    queryFn: () => api.call(name, input),
    ...options,
  });
}

export function useApiMutation<M extends MethodName>(name: M) {
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => api.call(name, input),
  });
}

/** Subscribes to an engine event for the component's lifetime; the latest listener is always called. */
export function useApiEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.subscribe(name, (payload) => latest.current(payload)), [name]);
}

/** Progress and the end of one job (by id). */
export function useJobEvents(
  jobId: string | null,
  handlers: {
    onProgress?: (payload: EventPayload<'job.progress'>) => void;
    onFinished?: (payload: EventPayload<'job.finished'>) => void;
  },
): void {
  useApiEvent('job.progress', (payload) => {
    if (jobId !== null && payload.jobId === jobId) handlers.onProgress?.(payload);
  });
  useApiEvent('job.finished', (payload) => {
    if (jobId !== null && payload.jobId === jobId) handlers.onFinished?.(payload);
  });
}

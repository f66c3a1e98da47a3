import { useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../../../../electron/shared/contract/index.ts';
import { parseJobProgress, parseJobResult } from '../../../../../electron/shared/contract/jobPayloads.ts';
import type { TransferProgress, TransferResult } from '../../../../../electron/shared/contract/remote.ts';
import { localApi } from '../../../api/client.ts';

export interface TransferState {
  running: boolean;
  progress: TransferProgress | null;
  result: TransferResult | null;
  error: string | null;
}

type JobEvent = { kind: 'progress'; payload: EventPayload<'job.progress'> } | { kind: 'finished'; payload: EventPayload<'job.finished'> };

const idle: TransferState = { running: false, progress: null, result: null, error: null };

/**
 * A transfer job on this machine's engine (which reads and writes the local files), followed through that engine's
 * job events — not the remote engine the rest of the window talks to. Events that arrive before the start call
 * returns the job id are kept and replayed.
 */
export function useLocalTransfer() {
  const [state, setState] = useState<TransferState>(idle);
  const jobId = useRef<string | null>(null);
  const waiting = useRef(false);
  const early = useRef<JobEvent[]>([]);

  const apply = (event: JobEvent): void => {
    if (event.payload.jobId !== jobId.current) return;
    if (event.kind === 'progress') {
      const item = parseJobProgress('transfer', event.payload.data).at(-1);
      if (item) setState((previous) => ({ ...previous, progress: item }));
      return;
    }
    jobId.current = null;
    const finished = event.payload;
    if (finished.state === 'done') setState((previous) => ({ ...previous, running: false, result: parseJobResult('transfer', finished.result) }));
    else setState((previous) => ({ ...previous, running: false, error: finished.error?.message ?? finished.state }));
  };
  const latest = useRef(apply);
  latest.current = apply;

  useEffect(() => {
    const receive = (event: JobEvent): void => {
      if (waiting.current) early.current.push(event);
      else latest.current(event);
    };
    const offProgress = localApi.subscribe('job.progress', (payload) => receive({ kind: 'progress', payload }));
    const offFinished = localApi.subscribe('job.finished', (payload) => receive({ kind: 'finished', payload }));
    return () => {
      offProgress();
      offFinished();
    };
  }, []);

  const start = async (call: () => Promise<{ jobId: string }>): Promise<void> => {
    setState({ ...idle, running: true });
    early.current = [];
    waiting.current = true;
    try {
      jobId.current = (await call()).jobId;
      waiting.current = false;
      for (const event of early.current.splice(0)) latest.current(event);
    } catch (error) {
      waiting.current = false;
      jobId.current = null;
      setState({ ...idle, error: (error as Error).message });
    }
  };
  return { state, start };
}

import { useRef, useState } from 'react';
import type { GeneratedToken, GenerationRequestInput, GenerationResult, StreamedToken } from '../../../../electron/shared/contract/generate.ts';
import { api } from '../../api/client.ts';
import { useJobEvents } from '../../api/hooks.ts';

export interface SampleStream {
  text: string;
  tokens: GeneratedToken[];
}

export interface GenerationRun {
  readonly running: boolean;
  readonly samples: readonly SampleStream[];
  readonly result: GenerationResult | null;
  readonly error: string | null;
  /** The request that produced what is shown (for branching and regenerating). */
  readonly request: GenerationRequestInput | null;
  start(request: GenerationRequestInput, onDone?: (samples: SampleStream[], finished: GenerationResult | null) => void): Promise<void>;
  /** Follows a job someone else started (a history re-run). */
  follow(jobId: string, request: GenerationRequestInput | null): void;
  stop(): void;
  /** Shows a finished result (opened from history) without running anything. */
  show(result: GenerationResult, request: GenerationRequestInput | null): void;
}

/** One generation at a time on the page: starts the job, collects the streamed tokens per sample, stops it. */
export function useGenerationRun(): GenerationRun {
  const [jobId, setJobId] = useState<string | null>(null);
  const [samples, setSamples] = useState<SampleStream[]>([]);
  const [result, setResult] = useState<GenerationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [request, setRequest] = useState<GenerationRequestInput | null>(null);
  const onDone = useRef<((samples: SampleStream[], result: GenerationResult | null) => void) | null>(null);
  // The streamed samples are also kept here, so onFinished can hand over what arrived without a state updater.
  const latest = useRef<SampleStream[]>([]);

  const publish = (next: SampleStream[]): void => {
    latest.current = next;
    setSamples(next);
  };

  const reset = (next: GenerationRequestInput | null): void => {
    publish([]);
    setResult(null);
    setError(null);
    setRequest(next);
  };

  useJobEvents(jobId, {
    onProgress: (event) => {
      const items = (Array.isArray(event.data) ? event.data : []) as StreamedToken[];
      if (items.length === 0) return;
      const next = latest.current.map((sample) => ({ text: sample.text, tokens: [...sample.tokens] }));
      for (const item of items) {
        while (next.length <= item.sample) next.push({ text: '', tokens: [] });
        const sample = next[item.sample]!;
        sample.text += item.delta;
        if (item.token) sample.tokens.push(item.token);
      }
      publish(next);
    },
    onFinished: (event) => {
      setJobId(null);
      const finished = event.state === 'done' ? (event.result as GenerationResult) : null;
      if (finished) {
        setResult(finished);
        publish(finished.samples.map((sample) => ({ text: sample.text, tokens: sample.tokens })));
      } else if (event.state === 'failed') setError(event.error?.message ?? 'failed');
      // A stopped run keeps what streamed; the engine saved it in history too.
      const done = onDone.current;
      onDone.current = null;
      if (event.state !== 'failed') done?.(latest.current, finished);
    },
  });

  const start: GenerationRun['start'] = async (next, done) => {
    reset(next);
    onDone.current = done ?? null;
    try {
      const { jobId: started } = await api.call('generate.run', next);
      setJobId(started);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return {
    running: jobId !== null,
    samples,
    result,
    error,
    request,
    start,
    follow: (started, next) => {
      reset(next);
      onDone.current = null;
      setJobId(started);
    },
    stop: () => {
      if (jobId) void api.call('jobs.cancel', { jobId });
    },
    show: (finished, next) => {
      reset(next);
      setResult(finished);
      publish(finished.samples.map((sample) => ({ text: sample.text, tokens: sample.tokens })));
    },
  };
}

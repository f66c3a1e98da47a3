import type { GeneratedToken, GenerationRequestInput, GenerationResult, StreamedToken } from '../../../../electron/shared/contract/generate.ts';
import { api } from '../../api/client.ts';
import { createJobTracker } from '../../api/jobTracker.ts';
import { createSessionStore, useSessionState } from '../../app/sessionStore.ts';

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

interface RunView {
  readonly samples: SampleStream[];
  readonly result: GenerationResult | null;
  readonly error: string | null;
  readonly request: GenerationRequestInput | null;
}

const emptyView = (request: GenerationRequestInput | null): RunView => ({ samples: [], result: null, error: null, request });

/**
 * The playground's one generation, kept for the window's lifetime: a run started on the Playground goes on
 * streaming into this store while the user is elsewhere, and its answer still lands in the conversation.
 */
const view = createSessionStore<RunView>(emptyView(null));
let onDone: ((samples: SampleStream[], result: GenerationResult | null) => void) | null = null;

/** Folds one batch of streamed tokens (sample index + text delta + token) into the samples. */
export function appendStreamed(samples: readonly SampleStream[], items: readonly StreamedToken[]): SampleStream[] {
  const next = samples.map((sample) => ({ text: sample.text, tokens: [...sample.tokens] }));
  for (const item of items) {
    while (next.length <= item.sample) next.push({ text: '', tokens: [] });
    const sample = next[item.sample]!;
    sample.text += item.delta;
    if (item.token) sample.tokens.push(item.token);
  }
  return next;
}

const tracker = createJobTracker('generate', {
  onProgress(items) {
    if (items.length > 0) view.set((current) => ({ ...current, samples: appendStreamed(current.samples, items) }));
  },
  onFinished(event) {
    const finished = event.state === 'done' ? event.result : null;
    if (finished) view.set((current) => ({ ...current, result: finished, samples: finished.samples.map((sample) => ({ text: sample.text, tokens: sample.tokens })) }));
    else if (event.state === 'failed') view.set((current) => ({ ...current, error: event.error?.message ?? 'failed' }));
    // A stopped run keeps what streamed; the engine saved it in history too.
    const done = onDone;
    onDone = null;
    if (event.state !== 'failed') done?.(view.get().samples, finished);
  },
});

async function start(request: GenerationRequestInput, done?: (samples: SampleStream[], finished: GenerationResult | null) => void): Promise<void> {
  view.set(emptyView(request));
  onDone = done ?? null;
  try {
    await tracker.start(() => api.call('generate.run', request));
  } catch (caught) {
    onDone = null;
    view.set((current) => ({ ...current, error: (caught as Error).message }));
  }
}

/** One generation at a time on the page: starts the job, collects the streamed tokens per sample, stops it. */
export function useGenerationRun(): GenerationRun {
  const [jobId] = useSessionState(tracker.jobId);
  const [current] = useSessionState(view);
  return {
    running: jobId !== null,
    samples: current.samples,
    result: current.result,
    error: current.error,
    request: current.request,
    start,
    follow: (started, next) => {
      view.set(emptyView(next));
      onDone = null;
      tracker.follow(started);
    },
    stop: () => tracker.cancel(),
    show: (finished, next) => {
      view.set({ ...emptyView(next), result: finished, samples: finished.samples.map((sample) => ({ text: sample.text, tokens: sample.tokens })) });
    },
  };
}

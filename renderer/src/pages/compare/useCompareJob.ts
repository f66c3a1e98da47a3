import type { JobEnd } from '../../api/jobFollower.ts';
import { createJobTracker, type JobTracker } from '../../api/jobTracker.ts';
import { createSessionStore, useSessionState, type SessionStore } from '../../app/sessionStore.ts';
import { applyFinished, applyProgress, initialJobState, showRecord, type CompareJobState } from './compareJobState.ts';

type FinishedEvent = JobEnd<'compare'>;

export interface CompareJob {
  readonly state: CompareJobState;
  readonly running: boolean;
  readonly jobId: string | null;
  /** Starts a compare job (compare.run, compare.rerun, compare.blindStart) and follows its progress. */
  start(begin: () => Promise<{ jobId: string }>, shape: { prompts: readonly string[]; columns: number; labels: readonly string[] }, onFinished?: (event: FinishedEvent) => void): Promise<void>;
  cancel(): void;
  show(state: CompareJobState): void;
}

/** One view's compare job (side by side, prompt sets, blind), kept for the window's lifetime. */
export interface CompareJobStore {
  readonly state: SessionStore<CompareJobState>;
  readonly tracker: JobTracker;
  onFinished: ((event: FinishedEvent) => void) | null;
}

/**
 * A compare job whose per-column tokens stream into a store that outlives the page: leaving Compare mid-run
 * and coming back shows every token that arrived meanwhile, and the finished run.
 */
export function createCompareJobStore(): CompareJobStore {
  const state = createSessionStore<CompareJobState>(initialJobState([], 2));
  const store: CompareJobStore = {
    state,
    onFinished: null,
    tracker: createJobTracker('compare', {
      onProgress(items, event) {
        state.set((previous) => applyProgress(previous, items, event.fraction));
      },
      onFinished(event) {
        state.set((previous) => applyFinished(previous, { state: event.state, result: event.result, ...(event.error ? { error: event.error } : {}) }));
        const callback = store.onFinished;
        store.onFinished = null;
        callback?.(event);
      },
    }),
  };
  return store;
}

export function useCompareJob(store: CompareJobStore): CompareJob {
  const [state, setState] = useSessionState(store.state);
  const [jobId] = useSessionState(store.tracker.jobId);
  return {
    state,
    running: jobId !== null,
    jobId,
    async start(begin, shape, onDone) {
      setState(initialJobState(shape.prompts, shape.columns, shape.labels));
      store.onFinished = onDone ?? null;
      try {
        await store.tracker.start(begin);
      } catch (error) {
        store.onFinished = null;
        setState((previous) => ({ ...previous, finished: 'failed', error: (error as Error).message }));
        throw error;
      }
    },
    cancel: () => store.tracker.cancel(),
    show: (next) => setState(next),
  };
}

export { showRecord };

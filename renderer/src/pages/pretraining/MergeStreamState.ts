import type { JobFinished } from '../../../../electron/shared/contract/jobs.ts';
import { preparedWorldSchema, type PreparedWorld } from '../../../../electron/shared/contract/pretraining.ts';
import { worldJobProgressSchema, type LearnedMerge } from '../../../../electron/shared/contract/pretrainingWorldJob.ts';

/** What the world panel knows about one prepare-world job, built from its job events. */
export interface MergeStreamState {
  /** writing: the corpus is being generated; learning: merges are arriving. */
  readonly phase: 'idle' | 'writing' | 'learning' | 'done' | 'failed' | 'cancelled';
  readonly world: { readonly people: number; readonly documents: number; readonly corpusBytes: number } | null;
  /** Every merge so far, in rank order. */
  readonly merges: readonly LearnedMerge[];
  /** The merges that made a whole word one token, in rank order. */
  readonly wholeWords: readonly LearnedMerge[];
  readonly vocabSize: number;
  readonly target: number;
  readonly result: PreparedWorld | null;
  readonly error: string | null;
}

export type MergeStreamAction =
  | { readonly type: 'start'; readonly target: number }
  | { readonly type: 'progress'; readonly data: unknown }
  | { readonly type: 'finished'; readonly event: JobFinished }
  | { readonly type: 'failed'; readonly message: string };

export const idleMergeStream: MergeStreamState = {
  phase: 'idle',
  world: null,
  merges: [],
  wholeWords: [],
  vocabSize: 0,
  target: 0,
  result: null,
  error: null,
};

/** The job runner batches items into an array; a lone item is accepted too. */
const itemsOf = (data: unknown): unknown[] => (Array.isArray(data) ? data : data === undefined ? [] : [data]);

export function reduceMergeStream(state: MergeStreamState, action: MergeStreamAction): MergeStreamState {
  switch (action.type) {
    case 'start':
      return { ...idleMergeStream, phase: 'writing', target: action.target };
    case 'failed':
      return { ...state, phase: 'failed', error: action.message };
    case 'finished': {
      if (action.event.state === 'cancelled') return { ...state, phase: 'cancelled' };
      const parsed = action.event.state === 'done' ? preparedWorldSchema.safeParse(action.event.result) : null;
      if (!parsed?.success) return { ...state, phase: 'failed', error: action.event.error?.message ?? 'The job ended without a world' };
      return { ...state, phase: 'done', result: parsed.data, vocabSize: parsed.data.vocabSize };
    }
    case 'progress': {
      let next = state;
      const merges: LearnedMerge[] = [];
      const wholeWords: LearnedMerge[] = [];
      for (const raw of itemsOf(action.data)) {
        const item = worldJobProgressSchema.safeParse(raw);
        if (!item.success) continue;
        if (item.data.type === 'world') {
          const { people, documents, corpusBytes } = item.data;
          next = { ...next, phase: 'learning', world: { people, documents, corpusBytes } };
          continue;
        }
        // Ranks arrive in order; anything else (a replayed batch) would corrupt the timeline, so it is skipped.
        for (const merge of item.data.merges) {
          if (merge.rank !== state.merges.length + merges.length) continue;
          merges.push(merge);
          if (merge.wholeWord) wholeWords.push(merge);
        }
        next = { ...next, phase: 'learning', vocabSize: item.data.vocabSize, target: item.data.target };
      }
      if (merges.length === 0) return next;
      return { ...next, merges: [...state.merges, ...merges], wholeWords: wholeWords.length > 0 ? [...state.wholeWords, ...wholeWords] : state.wholeWords };
    }
  }
}

/** At most `limit` chart points (every k-th merge plus the last): thousands of points would slow the chart for nothing. */
export function countPoints(merges: readonly LearnedMerge[], limit = 600): { rank: number; count: number }[] {
  const every = Math.max(1, Math.ceil(merges.length / limit));
  const points: { rank: number; count: number }[] = [];
  merges.forEach((merge, index) => {
    if (index % every === 0 || index === merges.length - 1) points.push({ rank: merge.rank, count: merge.count });
  });
  return points;
}

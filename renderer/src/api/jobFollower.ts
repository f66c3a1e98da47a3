import type { WorkbenchErrorShape } from '../../../electron/shared/contract/errors.ts';
import { parseJobProgress, parseJobResult, type JobProgressItem, type JobResult } from '../../../electron/shared/contract/jobPayloads.ts';
import type { JobFinished, JobKind, JobProgress } from '../../../electron/shared/contract/jobs.ts';

/** How a followed job ended, with its result parsed by its kind's schema. */
export interface JobEnd<K extends JobKind> {
  jobId: string;
  state: 'done' | 'failed' | 'cancelled';
  result: JobResult<K> | null;
  error: WorkbenchErrorShape | null;
}

export interface JobHandlers<K extends JobKind> {
  onProgress?(items: JobProgressItem<K>[], progress: { fraction: number | null; message?: string }): void;
  onFinished?(end: JobEnd<K>): void;
}

/**
 * Follows one job of a kind through its job.progress / job.finished events, parsed by the kind's schemas. The
 * events of a job can arrive before the call that starts it returns its id (a quick job can even finish first):
 * while a start is pending, events of unknown jobs are kept and replayed once the id is known.
 */
export class JobFollower<K extends JobKind> {
  private jobId: string | null = null;
  private pendingStarts = 0;
  private early: (JobProgress | JobFinished)[] = [];
  private ended = false;

  constructor(
    private readonly kinds: readonly K[],
    private readonly handlers: () => JobHandlers<K>,
  ) {}

  followed(): string | null {
    return this.jobId;
  }

  /** Calls `start` (a method returning { jobId }) and follows the job it starts. */
  async start(start: () => Promise<{ jobId: string }>): Promise<string> {
    this.pendingStarts++;
    try {
      const { jobId } = await start();
      this.follow(jobId);
      return jobId;
    } finally {
      this.pendingStarts--;
      if (this.pendingStarts === 0) this.early = [];
    }
  }

  /** Follows a job started elsewhere (found by jobs.list after a reload); events it missed are not replayed. */
  follow(jobId: string): void {
    this.jobId = jobId;
    this.ended = false;
    const early = this.early.filter((event) => event.jobId === jobId);
    this.early = this.early.filter((event) => event.jobId !== jobId);
    for (const event of early) this.dispatch(event);
  }

  /** Stops following (the job itself runs on). */
  release(): void {
    this.jobId = null;
  }

  /** A job that ended while nobody listened (found by jobs.get): reported like a job.finished. */
  finishedElsewhere(end: { jobId: string; state: JobEnd<K>['state']; result: unknown; error: WorkbenchErrorShape | null }, kind: K): void {
    if (end.jobId !== this.jobId || this.ended) return;
    this.ended = true;
    this.jobId = null;
    this.handlers().onFinished?.({ jobId: end.jobId, state: end.state, result: parseJobResult(kind, end.result), error: end.error });
  }

  /** Every job event goes through here. */
  receive(event: JobProgress | JobFinished): void {
    if (!this.kinds.some((kind) => kind === event.kind)) return;
    if (this.jobId === event.jobId) this.dispatch(event);
    else if (this.pendingStarts > 0) this.early.push(event);
  }

  private dispatch(event: JobProgress | JobFinished): void {
    const kind = this.kinds.find((candidate) => candidate === event.kind);
    if (kind === undefined || this.ended) return;
    if ('state' in event) {
      this.ended = true;
      this.jobId = null;
      this.handlers().onFinished?.({ jobId: event.jobId, state: event.state, result: parseJobResult(kind, event.result), error: event.error ?? null });
      return;
    }
    const items = parseJobProgress(kind, event.data);
    this.handlers().onProgress?.(items, { fraction: event.fraction, ...(event.message === undefined ? {} : { message: event.message }) });
  }
}

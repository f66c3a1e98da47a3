import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { JobKind, JobRecord } from '../../shared/contract/jobs.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { EmitEvent } from '../engineEvents.ts';

export interface JobProgressUpdate {
  fraction?: number | null;
  message?: string;
  /** One item of area-specific data (a token, a loss point). Items are batched, never dropped. */
  data?: unknown;
}

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
}

/**
 * Jobs that must not run side by side: every trainer job (training, pretraining, world SFT) drives the one trainer
 * host, and two at once share its cores and memory, both crawling without a word (pretraining 2.0k → 0.8k tokens/s).
 */
export type JobExclusivity = 'trainer';

export interface JobSpec<R> {
  kind: JobKind;
  title: string;
  /** Refuse to start while another job of the same group runs (the error names it). */
  exclusive?: JobExclusivity;
  run(context: JobContext): Promise<R>;
}

export interface StartedJob<R> {
  jobId: string;
  /** Settles when the job ends; rejects with the job's WorkbenchError (code 'cancelled' on cancel). */
  done: Promise<R>;
}

/** The UI renders at most ~30 updates a second; faster producers are batched into one event. */
const PROGRESS_INTERVAL_MS = 33;

interface RunningJob {
  kind: JobKind;
  title: string;
  exclusive: JobExclusivity | null;
  controller: AbortController;
  pendingData: unknown[];
  lastFraction: number | null;
  lastMessage: string | undefined;
  timer: NodeJS.Timeout | null;
}

/**
 * Runs long work with ids, progress, cancel, and a row in SQLite that survives restarts. Results are in the
 * job.finished event; areas that own richer results store them in their own tables.
 */
export class JobRunner {
  private readonly running = new Map<string, RunningJob>();

  constructor(
    private readonly db: Database,
    private readonly emit: EmitEvent,
  ) {
    // Jobs that were running when the engine last stopped did not finish: say so instead of showing them as live.
    this.db
      .prepare(
        `UPDATE jobs SET state = 'failed', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
         error_json = json_object('code','cancelled','message','Interrupted: the app stopped while this job ran')
         WHERE state IN ('queued','running')`,
      )
      .run();
  }

  /**
   * Throws 'conflict' naming the running job when one of the group runs: callers check before slow preparation
   * (counting rows, loading files) and start() checks again.
   */
  assertFree(group: JobExclusivity): void {
    for (const [jobId, job] of this.running) {
      if (job.exclusive !== group) continue;
      throw new WorkbenchError('conflict', `"${job.title}" is running on the trainer; cancel it or wait for it to finish before starting another`, {
        runningJobId: jobId,
        runningKind: job.kind,
        runningTitle: job.title,
      }, reason('trainer_busy', { kind: job.kind }));
    }
  }

  start<R>(spec: JobSpec<R>): StartedJob<R> {
    if (spec.exclusive) this.assertFree(spec.exclusive);
    const jobId = randomUUID();
    const job: RunningJob = {
      kind: spec.kind,
      title: spec.title,
      exclusive: spec.exclusive ?? null,
      controller: new AbortController(),
      pendingData: [],
      lastFraction: null,
      lastMessage: undefined,
      timer: null,
    };
    this.running.set(jobId, job);
    this.db.prepare(`INSERT INTO jobs (id, kind, title, state) VALUES (?, ?, ?, 'running')`).run(jobId, spec.kind, spec.title);

    const flush = (): void => {
      job.timer = null;
      const data = job.pendingData;
      job.pendingData = [];
      this.emit('job.progress', {
        jobId,
        kind: spec.kind,
        fraction: job.lastFraction,
        ...(job.lastMessage === undefined ? {} : { message: job.lastMessage }),
        ...(data.length === 0 ? {} : { data }),
      });
    };

    const context: JobContext = {
      jobId,
      signal: job.controller.signal,
      progress: (update) => {
        if (update.fraction !== undefined) job.lastFraction = update.fraction;
        if (update.message !== undefined) job.lastMessage = update.message;
        if (update.data !== undefined) job.pendingData.push(update.data);
        job.timer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
      },
    };

    const finish = (state: 'done' | 'failed' | 'cancelled', result?: unknown, error?: WorkbenchError): void => {
      if (job.timer) {
        clearTimeout(job.timer);
        flush();
      }
      this.running.delete(jobId);
      this.db
        .prepare(
          `UPDATE jobs SET state = ?, fraction = ?, error_json = ?, result_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
        )
        .run(state, state === 'done' ? 1 : job.lastFraction, error ? JSON.stringify(error.toShape()) : null, storedResult(result), jobId);
      this.emit('job.finished', {
        jobId,
        kind: spec.kind,
        state,
        ...(result === undefined ? {} : { result }),
        ...(error ? { error: error.toShape() } : {}),
      });
    };

    const done = (async () => {
      // Yield once so the caller gets the id (and can subscribe) before the first progress event.
      await Promise.resolve();
      try {
        const result = await spec.run(context);
        if (job.controller.signal.aborted) throw new WorkbenchError('cancelled', `${spec.title}: cancelled`, undefined, reason('cancelled', {}));
        finish('done', result);
        return result;
      } catch (raw) {
        const error = job.controller.signal.aborted && !(raw instanceof WorkbenchError && raw.code === 'host_crashed')
          ? new WorkbenchError('cancelled', `${spec.title}: cancelled`, undefined, reason('cancelled', {}))
          : WorkbenchError.from(raw);
        finish(error.code === 'cancelled' ? 'cancelled' : 'failed', undefined, error);
        throw error;
      }
    })();
    // Callers that only watch events must not trigger unhandled-rejection crashes.
    done.catch(() => undefined);
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort(new WorkbenchError('cancelled', 'Cancelled by the user'));
    return true;
  }

  cancelAll(): void {
    for (const jobId of this.running.keys()) this.cancel(jobId);
  }

  list(limit: number): JobRecord[] {
    const rows = this.db
      .prepare(`SELECT id, kind, title, state, fraction, error_json, created_at, finished_at FROM jobs ORDER BY created_at DESC LIMIT ?`)
      .all(limit) as JobRow[];
    return rows.map(recordOf);
  }

  /** One job and its stored result (null when none was kept); undefined for an unknown id. */
  get(jobId: string): (JobRecord & { result: unknown }) | undefined {
    const row = this.db
      .prepare(`SELECT id, kind, title, state, fraction, error_json, result_json, created_at, finished_at FROM jobs WHERE id = ?`)
      .get(jobId) as (JobRow & { result_json: string | null }) | undefined;
    return row && { ...recordOf(row), result: row.result_json === null ? null : (JSON.parse(row.result_json) as unknown) };
  }
}

interface JobRow {
  id: string;
  kind: JobKind;
  title: string;
  state: JobRecord['state'];
  fraction: number | null;
  error_json: string | null;
  created_at: string;
  finished_at: string | null;
}

const recordOf = (row: JobRow): JobRecord => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  state: row.state,
  fraction: row.fraction,
  error: row.error_json ? (JSON.parse(row.error_json) as JobRecord['error']) : null,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/**
 * A result small enough to keep with its job row, as JSON; null otherwise. Most results are summaries (a few KB);
 * a generation with every token's top-20 alternatives can reach megabytes and lives in its own history table.
 */
const MAX_STORED_RESULT_CHARS = 4 * 1024 * 1024;
function storedResult(result: unknown): string | null {
  if (result === undefined) return null;
  const json = JSON.stringify(result);
  return json !== undefined && json.length <= MAX_STORED_RESULT_CHARS ? json : null;
}

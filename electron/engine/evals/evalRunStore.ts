import type { Database } from 'better-sqlite3';
import { WorkbenchError, type WorkbenchErrorShape } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import {
  evalItemResultSchema,
  evalSettingsSchema,
  evalSummarySchema,
  type EvalFrame,
  type EvalItemResult,
  type EvalRun,
  type EvalSettings,
  type EvalSummary,
} from '../../shared/contract/evals.ts';

/** Saved benchmark runs (migration 013): one row per model × task, one per item with its full detail. */

export interface NewEvalRun {
  readonly id: string;
  readonly jobId: string | null;
  readonly label: string;
  readonly model: string;
  readonly modelPath: string;
  readonly lora: string | null;
  readonly loraScale: number;
  readonly taskName: string;
  readonly taskSha256: string;
  readonly frame: EvalFrame;
  readonly settings: EvalSettings;
  readonly itemCount: number;
}

interface RunRow {
  id: string;
  job_id: string | null;
  label: string;
  model: string;
  model_path: string;
  lora: string | null;
  lora_scale: number;
  task_name: string;
  task_sha256: string;
  frame: EvalFrame;
  settings_json: string;
  state: EvalRun['state'];
  item_count: number;
  summary_json: string | null;
  error_json: string | null;
  created_at: string;
  finished_at: string | null;
  done: number;
}

const RUN_COLUMNS = 'r.*, (SELECT COUNT(*) FROM eval_results x WHERE x.run_id = r.id) AS done';

export class EvalRunStore {
  constructor(private readonly db: Database) {}

  createRun(run: NewEvalRun): void {
    this.db
      .prepare(
        `INSERT INTO eval_runs (id, job_id, label, model, model_path, lora, lora_scale, task_name, task_sha256, frame, settings_json, state, item_count)
         VALUES (@id, @jobId, @label, @model, @modelPath, @lora, @loraScale, @taskName, @taskSha256, @frame, @settings, 'running', @itemCount)`,
      )
      .run({ ...run, settings: JSON.stringify(run.settings) });
  }

  saveResult(runId: string, position: number, result: EvalItemResult): void {
    this.db
      .prepare('INSERT OR REPLACE INTO eval_results (run_id, position, item_id, correct, result_json) VALUES (?, ?, ?, ?, ?)')
      .run(runId, position, result.itemId, result.correct ? 1 : 0, JSON.stringify(result));
  }

  finishRun(runId: string, state: Exclude<EvalRun['state'], 'running'>, summary: EvalSummary | null, error: WorkbenchErrorShape | null = null): void {
    this.db
      .prepare(`UPDATE eval_runs SET state = ?, summary_json = ?, error_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`)
      .run(state, summary === null ? null : JSON.stringify(summary), error === null ? null : JSON.stringify(error), runId);
  }

  run(id: string): EvalRun {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM eval_runs r WHERE r.id = ?`).get(id) as RunRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No eval run ${id}`, { field: 'id' }, reason('run_not_found', { run: id }));
    return toRun(row);
  }

  runs(limit: number): EvalRun[] {
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM eval_runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`).all(limit) as RunRow[];
    return rows.map(toRun);
  }

  items(runId: string): EvalItemResult[] {
    const rows = this.db.prepare('SELECT result_json FROM eval_results WHERE run_id = ? ORDER BY position').all(runId) as { result_json: string }[];
    return rows.map((row) => evalItemResultSchema.parse(JSON.parse(row.result_json)));
  }

  deleteRun(id: string): boolean {
    return this.db.prepare('DELETE FROM eval_runs WHERE id = ?').run(id).changes > 0;
  }

  /** Runs left 'running' by an engine that stopped (a crash, a closed app) can never finish: mark them failed. */
  failInterrupted(): void {
    this.db
      .prepare(`UPDATE eval_runs SET state = 'failed', error_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE state = 'running'`)
      .run(JSON.stringify({ code: 'internal', message: 'The engine stopped before the run finished' }));
  }
}

function toRun(row: RunRow): EvalRun {
  return {
    id: row.id,
    jobId: row.job_id,
    label: row.label,
    model: row.model,
    modelPath: row.model_path,
    lora: row.lora,
    loraScale: row.lora_scale,
    taskName: row.task_name,
    taskSha256: row.task_sha256,
    frame: row.frame,
    settings: evalSettingsSchema.parse(JSON.parse(row.settings_json)),
    state: row.state,
    itemCount: row.item_count,
    done: row.done,
    summary: row.summary_json === null ? null : evalSummarySchema.parse(JSON.parse(row.summary_json)),
    error: row.error_json === null ? null : (JSON.parse(row.error_json) as WorkbenchErrorShape),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  compareCellSchema,
  compareSettingsSchema,
  placementPlanSchema,
  resolvedContenderSchema,
  type CompareCell,
  type CompareRunRecord,
  type CompareRunSummary,
  type PlacementPlan,
  type ResolvedContender,
} from '../../shared/contract/compare.ts';
import { WorkbenchError, workbenchErrorSchema, type WorkbenchErrorShape } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

interface RunRow {
  id: string;
  job_id: string | null;
  title: string;
  contenders_json: string;
  settings_json: string;
  prompts_json: string;
  prompt_count: number;
  plan_json: string | null;
  state: CompareRunRecord['state'];
  error_json: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface NewCompareRun {
  readonly id: string;
  readonly title: string;
  readonly contenders: readonly ResolvedContender[];
  readonly settings: CompareRunRecord['settings'];
  readonly prompts: readonly string[];
}

const contendersSchema = z.array(resolvedContenderSchema);
const promptsSchema = z.array(z.string());

/** Compare runs and their cells in SQLite: what the history, exports and re-runs read. */
export class CompareRunStore {
  constructor(private readonly db: Database) {}

  /** Runs that were going when the engine stopped did not finish; the job runner says the same of their jobs. */
  markInterrupted(): void {
    this.db
      .prepare(
        `UPDATE compare_runs SET state = 'failed', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),
         error_json = json_object('code','cancelled','message','Interrupted: the app stopped while this comparison ran')
         WHERE state = 'running'`,
      )
      .run();
  }

  create(run: NewCompareRun): void {
    this.db
      .prepare(
        `INSERT INTO compare_runs (id, title, contenders_json, settings_json, prompts_json, prompt_count, state)
         VALUES (?, ?, ?, ?, ?, ?, 'running')`,
      )
      .run(run.id, run.title, JSON.stringify(run.contenders), JSON.stringify(run.settings), JSON.stringify(run.prompts), run.prompts.length);
  }

  setJob(id: string, jobId: string): void {
    this.db.prepare('UPDATE compare_runs SET job_id = ? WHERE id = ?').run(jobId, id);
  }

  setPlan(id: string, plan: PlacementPlan): void {
    this.db.prepare('UPDATE compare_runs SET plan_json = ? WHERE id = ?').run(JSON.stringify(plan), id);
  }

  saveCell(id: string, cell: CompareCell): void {
    this.db
      .prepare('INSERT OR REPLACE INTO compare_cells (run_id, prompt_index, column_index, cell_json) VALUES (?, ?, ?, ?)')
      .run(id, cell.prompt, cell.column, JSON.stringify(cell));
  }

  finish(id: string, state: Exclude<CompareRunRecord['state'], 'running'>, error: WorkbenchErrorShape | null = null): void {
    this.db
      .prepare(`UPDATE compare_runs SET state = ?, error_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`)
      .run(state, error ? JSON.stringify(error) : null, id);
  }

  get(id: string): CompareRunRecord {
    const row = this.db.prepare('SELECT * FROM compare_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No comparison with id ${id} in the history`, { field: 'id', id }, reason('comparison_not_found', { id }));
    const cells = (this.db.prepare('SELECT cell_json FROM compare_cells WHERE run_id = ? ORDER BY prompt_index, column_index').all(id) as { cell_json: string }[]).map(
      (cell) => compareCellSchema.parse(JSON.parse(cell.cell_json)),
    );
    return {
      id: row.id,
      jobId: row.job_id,
      title: row.title,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      state: row.state,
      plan: row.plan_json ? placementPlanSchema.parse(JSON.parse(row.plan_json)) : null,
      contenders: contendersSchema.parse(JSON.parse(row.contenders_json)),
      settings: compareSettingsSchema.parse(JSON.parse(row.settings_json)),
      prompts: promptsSchema.parse(JSON.parse(row.prompts_json)),
      cells,
      error: row.error_json ? workbenchErrorSchema.parse(JSON.parse(row.error_json)) : null,
    };
  }

  list(limit: number, offset: number): { runs: CompareRunSummary[]; total: number } {
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT COUNT(*) FROM compare_cells c WHERE c.run_id = r.id) AS cells_done
         FROM compare_runs r ORDER BY r.created_at DESC, r.rowid DESC LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as (RunRow & { cells_done: number })[];
    const { total } = this.db.prepare('SELECT COUNT(*) AS total FROM compare_runs').get() as { total: number };
    return {
      total,
      runs: rows.map((row) => ({
        id: row.id,
        title: row.title,
        createdAt: row.created_at,
        state: row.state,
        promptCount: row.prompt_count,
        cellsDone: row.cells_done,
        contenderLabels: (JSON.parse(row.contenders_json) as { label?: unknown }[]).map((contender) => String(contender.label ?? '')),
        firstPrompt: promptsSchema.parse(JSON.parse(row.prompts_json))[0]?.slice(0, 200) ?? '',
      })),
    };
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM compare_runs WHERE id = ?').run(id).changes > 0;
  }
}

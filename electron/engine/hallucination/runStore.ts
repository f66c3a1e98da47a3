import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import {
  itemResultSchema,
  runSettingsSchema,
  runSummarySchema,
  suiteItemSchema,
  type ItemResult,
  type RunRecord,
  type RunSettings,
  type RunSummary,
  type SuiteItem,
  type Verdict,
} from '../../shared/contract/hallucination.ts';
import { summarizeRun } from './runSummary.ts';

/** Saved runs (migration 005): one row per run, one per item result, and the user's verdict overrides. */

export interface NewRun {
  readonly id: string;
  readonly jobId: string | null;
  readonly label: string;
  readonly model: string;
  readonly modelPath: string;
  readonly lora: string | null;
  readonly loraScale: number;
  readonly mode: 'chat' | 'raw';
  readonly suiteName: string;
  readonly suiteSha256: string;
  readonly settings: RunSettings;
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
  mode: 'chat' | 'raw';
  suite_name: string;
  suite_sha256: string;
  settings_json: string;
  state: RunRecord['state'];
  item_count: number;
  summary_json: string | null;
  created_at: string;
}

interface OverrideRow {
  item_id: string;
  verdict: Verdict;
  note: string;
  created_at: string;
}

export interface StoredItem {
  readonly item: SuiteItem;
  readonly result: ItemResult;
}

const toRecord = (row: RunRow): RunRecord => ({
  id: row.id,
  jobId: row.job_id,
  createdAt: row.created_at,
  label: row.label,
  model: row.model,
  modelPath: row.model_path,
  lora: row.lora,
  loraScale: row.lora_scale,
  mode: row.mode,
  suiteName: row.suite_name,
  suiteSha256: row.suite_sha256,
  settings: runSettingsSchema.parse(JSON.parse(row.settings_json)),
  state: row.state,
  itemCount: row.item_count,
  summary: row.summary_json === null ? null : runSummarySchema.parse(JSON.parse(row.summary_json)),
});

/** The stored result with the user's override (if any) applied on top of the scorer's verdict. */
function withOverride(result: ItemResult, override: OverrideRow | undefined): ItemResult {
  if (!override) return { ...result, verdict: result.autoVerdict, override: null };
  return { ...result, verdict: override.verdict, override: { verdict: override.verdict, note: override.note, at: override.created_at } };
}

export class HallucinationRunStore {
  constructor(private readonly db: Database) {}

  createRun(run: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO hallucination_runs (id, job_id, label, model, model_path, lora, lora_scale, mode, suite_name, suite_sha256, settings_json, state, item_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(run.id, run.jobId, run.label, run.model, run.modelPath, run.lora, run.loraScale, run.mode, run.suiteName, run.suiteSha256, JSON.stringify(run.settings), run.itemCount);
  }

  saveResult(runId: string, position: number, item: SuiteItem, result: ItemResult): void {
    this.db
      .prepare(
        `INSERT INTO hallucination_results (run_id, item_id, position, item_json, result_json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, item_id) DO UPDATE SET item_json = excluded.item_json, result_json = excluded.result_json`,
      )
      .run(runId, item.id, position, JSON.stringify(item), JSON.stringify({ ...result, override: null }));
  }

  /** Replaces a saved result (a context re-run adds to it); the override, kept apart, still applies. */
  updateResult(runId: string, result: ItemResult): void {
    this.db.prepare(`UPDATE hallucination_results SET result_json = ? WHERE run_id = ? AND item_id = ?`).run(JSON.stringify({ ...result, override: null }), runId, result.itemId);
  }

  /** Ends a run and stores its summary (computed from what was saved, overrides included). */
  finishRun(runId: string, state: Exclude<RunRecord['state'], 'running'>, error: unknown = null): RunSummary {
    const summary = summarizeRun(this.items(runId).map((entry) => entry.result));
    this.db
      .prepare(`UPDATE hallucination_runs SET state = ?, summary_json = ?, error_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`)
      .run(state, JSON.stringify(summary), error === null ? null : JSON.stringify(error), runId);
    return summary;
  }

  /** Runs left 'running' by an engine that stopped mid-run did not finish; keep what they saved. */
  markInterrupted(): void {
    const stale = this.db.prepare(`SELECT id FROM hallucination_runs WHERE state = 'running'`).all() as { id: string }[];
    for (const { id } of stale) this.finishRun(id, 'failed', { code: 'cancelled', message: 'Interrupted: the app stopped while this run was going' });
  }

  run(runId: string): RunRecord {
    const row = this.db.prepare(`SELECT * FROM hallucination_runs WHERE id = ?`).get(runId) as RunRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No hallucination run with id ${runId}`, { field: 'runId', runId }, reason('run_not_found', { run: runId }));
    return toRecord(row);
  }

  list(limit: number): RunRecord[] {
    const rows = this.db.prepare(`SELECT * FROM hallucination_runs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit) as RunRow[];
    return rows.map(toRecord);
  }

  items(runId: string): StoredItem[] {
    const overrides = new Map(
      (this.db.prepare(`SELECT item_id, verdict, note, created_at FROM hallucination_overrides WHERE run_id = ?`).all(runId) as OverrideRow[]).map((row) => [row.item_id, row]),
    );
    const rows = this.db.prepare(`SELECT item_json, result_json FROM hallucination_results WHERE run_id = ? ORDER BY position`).all(runId) as { item_json: string; result_json: string }[];
    return rows.map((row) => {
      const item = suiteItemSchema.parse(JSON.parse(row.item_json));
      const result = itemResultSchema.parse(JSON.parse(row.result_json));
      return { item, result: withOverride(result, overrides.get(item.id)) };
    });
  }

  delete(runId: string): boolean {
    return this.db.prepare(`DELETE FROM hallucination_runs WHERE id = ?`).run(runId).changes > 0;
  }

  /** Sets or (verdict null) clears the user's verdict; the run's stored summary is recomputed to follow it. */
  setOverride(runId: string, itemId: string, verdict: Verdict | null, note: string): { item: ItemResult; summary: RunSummary } {
    const run = this.run(runId);
    const exists = this.db.prepare(`SELECT 1 FROM hallucination_results WHERE run_id = ? AND item_id = ?`).get(runId, itemId);
    if (!exists) throw new WorkbenchError('not_found', `Run ${runId} has no result for item "${itemId}"`, { field: 'itemId', runId, itemId }, reason('run_item_not_found', { run: runId, item: itemId }));
    const apply = this.db.transaction(() => {
      if (verdict === null) this.db.prepare(`DELETE FROM hallucination_overrides WHERE run_id = ? AND item_id = ?`).run(runId, itemId);
      else {
        this.db
          .prepare(
            `INSERT INTO hallucination_overrides (run_id, item_id, verdict, note) VALUES (?, ?, ?, ?)
             ON CONFLICT (run_id, item_id) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
          )
          .run(runId, itemId, verdict, note);
      }
      const items = this.items(runId);
      const summary = summarizeRun(items.map((entry) => entry.result));
      if (run.state !== 'running') this.db.prepare(`UPDATE hallucination_runs SET summary_json = ? WHERE id = ?`).run(JSON.stringify(summary), runId);
      return { item: items.find((entry) => entry.item.id === itemId)!.result, summary };
    });
    return apply();
  }
}

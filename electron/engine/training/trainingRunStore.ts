import { statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { errorReasonSchema, reason } from '../../shared/contract/errorReasons.ts';
import { adapterEntryOf, type AdapterRow } from '../adapters/adapterRow.ts';
import {
  resolvedTrainingConfigSchema,
  type AdapterEntry,
  type ResolvedTrainingConfig,
  type TrainingMetricPoint,
  type TrainingRunDetail,
  type TrainingRunState,
  type TrainingRunSummary,
  type TrainingSample,
} from '../../shared/contract/training.ts';

interface RunRow {
  id: string;
  name: string;
  objective: TrainingRunSummary['objective'];
  state: TrainingRunState;
  config_json: string;
  job_id: string | null;
  model_path: string;
  dataset_name: string | null;
  step: number;
  total_steps: number;
  last_loss: number | null;
  last_val_loss: number | null;
  output_path: string | null;
  error: string | null;
  data_sha256: string | null;
  trainable_parameters: number | null;
  backend: string | null;
  run_dir: string;
  owner: string | null;
  created_at: string;
  updated_at: string;
}

const now = () => new Date().toISOString();

/** Every query on the training tables; the only writer of them. */
export class TrainingRunStore {
  constructor(private readonly db: Database) {}

  /** dataSha256 is null when the rows are unknown (a run imported from another trainer). */
  create(run: { id: string; config: ResolvedTrainingConfig; datasetName: string | null; totalSteps: number; dataSha256: string | null; runDir: string }): void {
    this.db
      .prepare(
        `INSERT INTO training_runs (id, name, objective, state, config_json, model_path, dataset_name, total_steps, data_sha256, run_dir)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.id, run.config.name, run.config.objective, JSON.stringify(run.config), run.config.modelPath, run.datasetName, run.totalSteps, run.dataSha256, run.runDir);
  }

  update(id: string, fields: Partial<Pick<RunRow, 'state' | 'job_id' | 'step' | 'last_loss' | 'last_val_loss' | 'output_path' | 'error' | 'trainable_parameters' | 'backend' | 'owner'>>): void {
    const keys = Object.keys(fields) as (keyof typeof fields)[];
    if (keys.length === 0) return;
    this.db
      .prepare(`UPDATE training_runs SET ${keys.map((key) => `${key} = @${key}`).join(', ')}, updated_at = @updated_at WHERE id = @id`)
      .run({ ...fields, id, updated_at: now() });
  }

  /**
   * Runs left 'running' or 'queued' by an engine that is gone (a killed app, a crashed CLI) did not finish:
   * resumable ('interrupted') when they wrote a checkpoint, else 'failed'. Runs a live engine is training are left
   * alone (`isOwnerAlive`).
   */
  markInterrupted(isOwnerAlive: (owner: string | null) => boolean): number {
    const orphans = (this.db.prepare(`SELECT id, owner FROM training_runs WHERE state IN ('running','queued')`).all() as { id: string; owner: string | null }[])
      .filter((run) => !isOwnerAlive(run.owner));
    const mark = this.db.prepare(
      `UPDATE training_runs SET
         state = CASE WHEN EXISTS (SELECT 1 FROM training_checkpoints c WHERE c.run_id = training_runs.id) THEN 'interrupted' ELSE 'failed' END,
         error = 'The app stopped while this run was training', updated_at = ?
       WHERE id = ?`,
    );
    const at = now();
    this.db.transaction(() => orphans.forEach((run) => mark.run(at, run.id)))();
    return orphans.length;
  }

  /** Forgets all but the newest `keep` checkpoints and returns the paths of the dropped ones (to delete). */
  pruneCheckpoints(id: string, keep: number): string[] {
    const old = this.db
      .prepare('SELECT step, path FROM training_checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT -1 OFFSET ?')
      .all(id, keep) as { step: number; path: string }[];
    const remove = this.db.prepare('DELETE FROM training_checkpoints WHERE run_id = ? AND step = ?');
    for (const checkpoint of old) remove.run(id, checkpoint.step);
    return old.map((checkpoint) => checkpoint.path);
  }

  addMetric(id: string, point: TrainingMetricPoint): void {
    this.db.prepare('INSERT OR REPLACE INTO training_metrics (run_id, step, point_json) VALUES (?, ?, ?)').run(id, point.step, JSON.stringify(point));
    this.update(id, { step: point.step, last_loss: point.loss, ...(point.valLoss === null ? {} : { last_val_loss: point.valLoss }) });
  }

  addSample(id: string, sample: TrainingSample): void {
    this.db
      .prepare('INSERT INTO training_samples (run_id, step, prompt, output, truncated, error, error_reason_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, sample.step, sample.prompt, sample.output, sample.truncated ? 1 : 0, sample.error ?? null, sample.errorReason ? JSON.stringify(sample.errorReason) : null);
  }

  /** The run's checkpoint samples in step order (as written, with the reason of any that failed). */
  samples(id: string): TrainingSample[] {
    return (
      this.db.prepare('SELECT step, prompt, output, truncated, error, error_reason_json FROM training_samples WHERE run_id = ? ORDER BY step, id').all(id) as SampleRow[]
    ).map(sampleOf);
  }

  addCheckpoint(id: string, step: number, path: string): void {
    this.db.prepare('INSERT OR REPLACE INTO training_checkpoints (run_id, step, path, created_at) VALUES (?, ?, ?, ?)').run(id, step, path, now());
  }

  /** A resumed run drops what was recorded after the checkpoint it continues from (those steps are redone). */
  truncateAfter(id: string, step: number): void {
    this.db.prepare('DELETE FROM training_metrics WHERE run_id = ? AND step > ?').run(id, step);
    this.db.prepare('DELETE FROM training_samples WHERE run_id = ? AND step > ?').run(id, step);
    this.db.prepare('DELETE FROM training_checkpoints WHERE run_id = ? AND step > ?').run(id, step);
    this.update(id, { step });
  }

  row(id: string): RunRow {
    const row = this.db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No training run ${id}`, { field: 'runId' }, reason('run_not_found', { run: id }));
    return row;
  }

  config(id: string): ResolvedTrainingConfig {
    return resolvedTrainingConfigSchema.parse(JSON.parse(this.row(id).config_json));
  }

  list(limit: number): TrainingRunSummary[] {
    return (this.db.prepare('SELECT * FROM training_runs ORDER BY created_at DESC LIMIT ?').all(limit) as RunRow[]).map(summaryOf);
  }

  detail(id: string): TrainingRunDetail {
    const row = this.row(id);
    const metrics = (this.db.prepare('SELECT point_json FROM training_metrics WHERE run_id = ? ORDER BY step').all(id) as { point_json: string }[]).map(
      (r) => JSON.parse(r.point_json) as TrainingMetricPoint,
    );
    const samples = this.samples(id);
    const checkpoints = this.db.prepare('SELECT step, path, created_at AS at FROM training_checkpoints WHERE run_id = ? ORDER BY step').all(id) as {
      step: number;
      path: string;
      at: string;
    }[];
    return {
      ...summaryOf(row),
      config: this.config(id),
      dataSha256: row.data_sha256,
      trainableParameters: row.trainable_parameters,
      backend: row.backend,
      metrics,
      samples,
      checkpoints,
    };
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM training_runs WHERE id = ?').run(id).changes > 0;
  }

  addAdapter(entry: {
    name: string;
    path: string;
    baseModelPath: string;
    runId: string;
    config: ResolvedTrainingConfig;
    /** What the session really trained (an initAdapter brings its own rank/alpha/targets). */
    lora: { rank: number; alpha: number; targets: readonly string[] };
    dataSha256: string | null;
    finalLoss: number | null;
    finalValLoss: number | null;
    sha256: string;
    baseModelSha256: string | null;
  }): string {
    const id = randomUUID();
    const lora = entry.lora;
    this.db.prepare('DELETE FROM adapters WHERE path = ?').run(entry.path);
    this.db
      .prepare(
        `INSERT INTO adapters (id, name, path, base_model_path, base_model_sha256, run_id, objective, rank, alpha, targets_json, config_json,
           data_sha256, final_loss, final_val_loss, size_bytes, sha256)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        entry.name,
        entry.path,
        entry.baseModelPath,
        entry.baseModelSha256,
        entry.runId,
        entry.config.objective,
        lora.rank,
        lora.alpha,
        JSON.stringify(lora.targets),
        JSON.stringify(entry.config),
        entry.dataSha256,
        entry.finalLoss,
        entry.finalValLoss,
        statSync(entry.path).size,
        entry.sha256,
      );
    return id;
  }

  adapters(baseModelPath: string | null): AdapterEntry[] {
    const rows = (
      baseModelPath === null
        ? this.db.prepare('SELECT * FROM adapters ORDER BY created_at DESC').all()
        : this.db.prepare('SELECT * FROM adapters WHERE base_model_path = ? ORDER BY created_at DESC').all(baseModelPath)
    ) as AdapterRow[];
    return rows.map(adapterEntryOf);
  }
}

function summaryOf(row: RunRow): TrainingRunSummary {
  return {
    id: row.id,
    name: row.name,
    objective: row.objective,
    state: row.state,
    jobId: row.job_id,
    modelPath: row.model_path,
    datasetName: row.dataset_name,
    step: row.step,
    totalSteps: row.total_steps,
    lastLoss: row.last_loss,
    lastValLoss: row.last_val_loss,
    outputPath: row.output_path,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface SampleRow {
  step: number;
  prompt: string;
  output: string;
  truncated: number;
  error: string | null;
  error_reason_json: string | null;
}

const sampleOf = (row: SampleRow): TrainingSample => {
  // A reason this engine version does not know (a newer one wrote it) is dropped: the English error still shows.
  const errorReason = row.error_reason_json === null ? undefined : errorReasonSchema.safeParse(JSON.parse(row.error_reason_json)).data;
  return {
    step: row.step,
    prompt: row.prompt,
    output: row.output,
    ...(row.truncated ? { truncated: true } : {}),
    ...(row.error === null ? {} : { error: row.error }),
    ...(errorReason ? { errorReason } : {}),
  };
};

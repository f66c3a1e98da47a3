import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { GenerationMode, RunRecord, RunSource, RunSummary } from '../../shared/contract/generate.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

export interface NewRun {
  readonly kind: 'generate' | 'score';
  readonly mode: GenerationMode;
  readonly source: RunSource;
  readonly modelId: string | null;
  readonly modelName: string;
  readonly modelPath: string;
  readonly modelSha256: string | null;
  readonly adapters: readonly { path: string; sha256: string | null; scale: number }[];
  readonly template: string | null;
  readonly request: Record<string, unknown>;
  readonly seed: number | null;
  readonly engine: Record<string, unknown>;
  /** What the search looks in: the prompt (or scored text) and the output. */
  readonly promptText: string;
  readonly outputText: string;
  readonly finishReason: string | null;
  readonly result: Record<string, unknown>;
}

interface RunRow {
  id: string;
  created_at: string;
  kind: 'generate' | 'score';
  mode: GenerationMode;
  source: RunSource;
  model_id: string | null;
  model_name: string;
  model_path: string;
  model_sha256: string | null;
  adapters_json: string;
  template: string | null;
  request_json: string;
  seed: number | null;
  engine_json: string;
  prompt_text: string;
  output_text: string;
  finish_reason: string | null;
  result_json: string;
}

const PREVIEW_CHARS = 160;
const summaryColumns = 'id, created_at, kind, mode, source, model_name, prompt_text, output_text, finish_reason, seed';

/** Every generation and scoring run, with what is needed to reproduce it exactly. */
export class RunHistory {
  constructor(private readonly db: Database) {}

  record(run: NewRun): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO generation_runs (id, kind, mode, source, model_id, model_name, model_path, model_sha256, adapters_json, template,
           request_json, seed, engine_json, prompt_text, output_text, finish_reason, result_json)
         VALUES (@id, @kind, @mode, @source, @modelId, @modelName, @modelPath, @modelSha256, @adapters, @template,
           @request, @seed, @engine, @promptText, @outputText, @finishReason, @result)`,
      )
      .run({
        id,
        kind: run.kind,
        mode: run.mode,
        source: run.source,
        modelId: run.modelId,
        modelName: run.modelName,
        modelPath: run.modelPath,
        modelSha256: run.modelSha256,
        adapters: JSON.stringify(run.adapters),
        template: run.template,
        request: JSON.stringify(run.request),
        seed: run.seed,
        engine: JSON.stringify(run.engine),
        promptText: run.promptText,
        outputText: run.outputText,
        finishReason: run.finishReason,
        result: JSON.stringify(run.result),
      });
    return id;
  }

  /** Newest first; the query matches prompt, output and model name, case-insensitively. */
  list(query: string, limit: number, offset: number): { runs: RunSummary[]; total: number } {
    const where = query.trim() === '' ? '' : `WHERE prompt_text LIKE @pattern ESCAPE '\\' OR output_text LIKE @pattern ESCAPE '\\' OR model_name LIKE @pattern ESCAPE '\\'`;
    const pattern = `%${query.trim().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const rows = this.db
      .prepare(`SELECT ${summaryColumns} FROM generation_runs ${where} ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
      .all({ pattern, limit, offset }) as RunRow[];
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM generation_runs ${where}`).get({ pattern }) as { total: number };
    return { runs: rows.map(toSummary), total };
  }

  get(id: string): RunRecord {
    const row = this.db.prepare('SELECT * FROM generation_runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No run ${id} in the history`, { field: 'id', id }, reason('run_not_found', { run: id }));
    return {
      ...toSummary(row),
      modelPath: row.model_path,
      modelSha256: row.model_sha256,
      adapters: JSON.parse(row.adapters_json) as RunRecord['adapters'],
      template: row.template,
      request: JSON.parse(row.request_json) as Record<string, unknown>,
      engine: JSON.parse(row.engine_json) as Record<string, unknown>,
      result: JSON.parse(row.result_json) as Record<string, unknown>,
    };
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM generation_runs WHERE id = ?').run(id).changes > 0;
  }
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    mode: row.mode,
    source: row.source,
    modelName: row.model_name,
    promptPreview: preview(row.prompt_text),
    outputPreview: preview(row.output_text),
    finishReason: row.finish_reason,
    seed: row.seed,
  };
}

function preview(text: string): string {
  return text.length <= PREVIEW_CHARS ? text : `${text.slice(0, PREVIEW_CHARS - 1)}…`;
}

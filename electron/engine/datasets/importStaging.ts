import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { canonicalJson, contentHash } from './canonicalJson.ts';
import type { RowOutcome } from './validateRows.ts';

const batchRows = 2000;

/**
 * Rows being imported wait in a private SQLite file, written in batches while the file streams in. The dataset
 * becomes visible only when everything is copied into the main database in one transaction (commitImport), so an
 * import is all or nothing and the main database is never locked while a large file is read.
 */
export class ImportStaging {
  readonly path: string;
  private readonly db: Database;
  private readonly insertRow: Statement;
  private readonly insertProblem: Statement;
  private readonly positions = new Map<number, number>();
  private queue: { entry: number; outcome: RowOutcome }[] = [];

  constructor(tmpDir: string) {
    this.path = join(tmpDir, `dataset-import-${randomUUID()}.sqlite`);
    const nativeBinding = process.env.WORKBENCH_SQLITE_BINDING;
    this.db = new BetterSqlite3(this.path, nativeBinding ? { nativeBinding } : {});
    // Scratch data: a crash just leaves a file to delete, so durability is not needed.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE rows (entry INTEGER NOT NULL, position INTEGER NOT NULL, status TEXT NOT NULL, line INTEGER, item_index INTEGER,
        row_json TEXT, raw_text TEXT, content_hash TEXT, PRIMARY KEY (entry, position));
      CREATE TABLE problems (entry INTEGER NOT NULL, position INTEGER NOT NULL, line INTEGER, item_index INTEGER, path TEXT NOT NULL,
        code TEXT NOT NULL, message TEXT NOT NULL, file TEXT, reason_json TEXT);
    `);
    this.insertRow = this.db.prepare('INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertProblem = this.db.prepare('INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  add(entry: number, outcome: RowOutcome): void {
    this.queue.push({ entry, outcome });
    if (this.queue.length >= batchRows) this.flush();
  }

  /** Writes what is queued; call before commitImport. */
  flush(): void {
    const queued = this.queue;
    this.queue = [];
    this.db.transaction(() => {
      for (const { entry, outcome } of queued) {
        const position = (this.positions.get(entry) ?? 0) + 1;
        this.positions.set(entry, position);
        const json = outcome.row ? canonicalJson(outcome.row) : null;
        this.insertRow.run(entry, position, json ? 'ok' : 'rejected', outcome.line, outcome.index, json, json ? null : outcome.raw, json ? contentHash(json) : null);
        for (const problem of outcome.problems) {
          const reasonJson = problem.reason ? JSON.stringify(problem.reason) : null;
          this.insertProblem.run(entry, position, problem.line, problem.index, problem.path, problem.code, problem.message, problem.file ?? null, reasonJson);
        }
      }
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  dispose(): void {
    this.close();
    rmSync(this.path, { force: true });
  }
}

const staleAfterMs = 24 * 60 * 60 * 1000;

/**
 * Staging files left by an import that never finished (the app was killed). Only old ones: another process (the
 * CLI next to the app) may be importing into the same data home right now.
 */
export function removeStaleStaging(tmpDir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(tmpDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^dataset-import-.*\.sqlite$/.test(name)) continue;
    const path = join(tmpDir, name);
    try {
      if (now - statSync(path).mtimeMs > staleAfterMs) rmSync(path, { force: true });
    } catch {
      // gone already
    }
  }
}

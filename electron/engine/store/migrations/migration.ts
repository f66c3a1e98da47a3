import type { Database } from 'better-sqlite3';

/** One numbered schema step. Landed migrations are never edited: add a new number instead. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

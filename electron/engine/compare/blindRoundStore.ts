import type { Database } from 'better-sqlite3';
import type { BlindRound, BlindVerdict, ResolvedContender } from '../../shared/contract/compare.ts';
import { WorkbenchError, workbenchErrorSchema, type WorkbenchErrorShape } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { RecordedVote } from './buildLeaderboard.ts';

interface RoundRow {
  id: string;
  job_id: string | null;
  prompt: string;
  a_key: string;
  a_label: string;
  b_key: string;
  b_label: string;
  a_text: string | null;
  b_text: string | null;
  state: BlindRound['state'];
  verdict: BlindVerdict | null;
  error_json: string | null;
  created_at: string;
}

/**
 * Blind rounds and their votes. Who A and B are never leaves this store before the vote: a round's public view
 * has only the texts until then.
 */
export class BlindRoundStore {
  constructor(private readonly db: Database) {}

  markInterrupted(): void {
    this.db
      .prepare(
        `UPDATE compare_blind_rounds SET state = 'failed',
         error_json = json_object('code','cancelled','message','Interrupted: the app stopped while this round generated')
         WHERE state = 'generating'`,
      )
      .run();
  }

  create(round: { id: string; prompt: string; settings: object; a: ResolvedContender; b: ResolvedContender }): void {
    this.db
      .prepare(
        `INSERT INTO compare_blind_rounds (id, prompt, settings_json, a_key, a_label, a_json, b_key, b_label, b_json, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'generating')`,
      )
      .run(round.id, round.prompt, JSON.stringify(round.settings), round.a.key, round.a.label, JSON.stringify(round.a), round.b.key, round.b.label, JSON.stringify(round.b));
  }

  setJob(id: string, jobId: string): void {
    this.db.prepare('UPDATE compare_blind_rounds SET job_id = ? WHERE id = ?').run(jobId, id);
  }

  ready(id: string, texts: readonly [string, string]): void {
    this.db.prepare(`UPDATE compare_blind_rounds SET a_text = ?, b_text = ?, state = 'ready' WHERE id = ?`).run(texts[0], texts[1], id);
  }

  fail(id: string, error: WorkbenchErrorShape): void {
    this.db.prepare(`UPDATE compare_blind_rounds SET state = 'failed', error_json = ? WHERE id = ?`).run(JSON.stringify(error), id);
  }

  vote(id: string, verdict: BlindVerdict): BlindRound {
    const vote = this.db.transaction(() => {
      const row = this.row(id);
      if (row.state !== 'ready') {
        const why = { generating: 'is still generating', voted: 'already has a vote', failed: 'failed to generate' }[row.state as 'generating' | 'voted' | 'failed'];
        throw new WorkbenchError('conflict', `Blind round ${id} ${why}`, { field: 'roundId', state: row.state }, reason('blind_round_closed', { round: id, state: row.state }));
      }
      this.db.prepare(`UPDATE compare_blind_rounds SET verdict = ?, state = 'voted', voted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`).run(verdict, id);
    });
    vote.immediate();
    return this.get(id);
  }

  get(id: string): BlindRound {
    return this.toRound(this.row(id));
  }

  list(limit: number): BlindRound[] {
    return (this.db.prepare('SELECT * FROM compare_blind_rounds ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as RoundRow[]).map((row) => this.toRound(row));
  }

  /** Every vote, oldest first (Elo depends on the order). */
  votes(): RecordedVote[] {
    return (
      this.db
        .prepare(`SELECT a_key, a_label, b_key, b_label, verdict FROM compare_blind_rounds WHERE verdict IS NOT NULL ORDER BY voted_at, rowid`)
        .all() as { a_key: string; a_label: string; b_key: string; b_label: string; verdict: BlindVerdict }[]
    ).map((row) => ({ aKey: row.a_key, aLabel: row.a_label, bKey: row.b_key, bLabel: row.b_label, verdict: row.verdict }));
  }

  /** Votes already cast between two contenders, in either order (to spread rounds over all pairs). */
  gamesBetween(keyA: string, keyB: string): number {
    const { games } = this.db
      .prepare(
        `SELECT COUNT(*) AS games FROM compare_blind_rounds
         WHERE verdict IS NOT NULL AND ((a_key = ? AND b_key = ?) OR (a_key = ? AND b_key = ?))`,
      )
      .get(keyA, keyB, keyB, keyA) as { games: number };
    return games;
  }

  clear(): number {
    return this.db.prepare('DELETE FROM compare_blind_rounds').run().changes;
  }

  private row(id: string): RoundRow {
    const row = this.db.prepare('SELECT * FROM compare_blind_rounds WHERE id = ?').get(id) as RoundRow | undefined;
    if (!row) throw new WorkbenchError('not_found', `No blind round with id ${id}`, { field: 'roundId', id }, reason('blind_round_not_found', { round: id }));
    return row;
  }

  private toRound(row: RoundRow): BlindRound {
    const voted = row.verdict !== null;
    return {
      id: row.id,
      jobId: row.job_id,
      createdAt: row.created_at,
      prompt: row.prompt,
      state: row.state,
      texts: row.a_text === null || row.b_text === null ? [] : [row.a_text, row.b_text],
      verdict: row.verdict,
      reveal: voted ? { a: { label: row.a_label, key: row.a_key }, b: { label: row.b_label, key: row.b_key } } : null,
      error: row.error_json ? workbenchErrorSchema.parse(JSON.parse(row.error_json)) : null,
    };
  }
}

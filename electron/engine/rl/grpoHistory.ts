import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grpoProgressSchema, type GrpoProgress } from '../../shared/contract/rl.ts';

/**
 * A GRPO run's dashboard data on disk (runDir/history.jsonl, one progress item a line): a reloaded window or a
 * resumed run reads it back. A resume first cuts it back to the checkpoint it continues from, so steps that ran
 * after that checkpoint (and will run again) do not show twice.
 */
export const historyFile = (runDir: string): string => join(runDir, 'history.jsonl');

const stepOf = (item: GrpoProgress): number | null => ('step' in item ? item.step : null);

export function readGrpoHistory(runDir: string): GrpoProgress[] {
  const path = historyFile(runDir);
  if (!existsSync(path)) return [];
  const items: GrpoProgress[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = grpoProgressSchema.safeParse(JSON.parse(line));
      if (parsed.success) items.push(parsed.data);
    } catch {
      // a line cut by a kill -9 mid-write: the items before it stand
    }
  }
  return items;
}

export function truncateGrpoHistory(runDir: string, lastStep: number): void {
  const kept = readGrpoHistory(runDir).filter((item) => item.type !== 'status' && (stepOf(item) ?? 0) <= lastStep);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(historyFile(runDir), kept.map((item) => JSON.stringify(item) + '\n').join(''));
}

export function appendGrpoHistory(runDir: string, item: GrpoProgress): void {
  if (item.type === 'status') return;
  appendFileSync(historyFile(runDir), JSON.stringify(item) + '\n');
}

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointManifestFile, checkpointStateFile } from '../native/checkpointManifest.ts';

export function checkpointsRoot(runDir: string): string {
  return join(runDir, 'checkpoints');
}

export function checkpointDir(runDir: string, step: number): string {
  return join(checkpointsRoot(runDir), `step-${String(step).padStart(7, '0')}`);
}

/** The newest checkpoint whose manifest was written (the manifest goes last, so its presence marks a whole one). */
export function latestCheckpoint(runDir: string): { step: number; dir: string } | null {
  const root = checkpointsRoot(runDir);
  if (!existsSync(root)) return null;
  const complete = readdirSync(root)
    .map((name) => ({ name, match: /^step-(\d+)$/.exec(name) }))
    .filter(({ name, match }) => match && existsSync(join(root, name, checkpointManifestFile)) && existsSync(join(root, name, checkpointStateFile)))
    .map(({ name, match }) => ({ step: Number(match![1]), dir: join(root, name) }))
    .sort((a, b) => b.step - a.step);
  return complete[0] ?? null;
}

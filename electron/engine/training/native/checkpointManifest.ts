import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { writeFileAtomic } from '../../store/atomicWrite.ts';

export const checkpointStateFile = 'state.gguf';
export const checkpointManifestFile = 'checkpoint.json';

/** checkpoint.json: written after state.gguf, so its presence (with a matching step) marks a complete checkpoint. */
export interface CheckpointManifest {
  format: 'llm-workbench-checkpoint';
  version: 1;
  step: number;
  mode: 'lora' | 'full';
  modelPath: string;
  lora: { rank: number; alpha: number; targets: string[] } | null;
  savedAt: string;
  extra: unknown;
}

export async function writeCheckpointManifest(dir: string, manifest: CheckpointManifest): Promise<void> {
  await writeFileAtomic(join(dir, checkpointManifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readCheckpointManifest(dir: string): CheckpointManifest {
  const path = join(dir, checkpointManifestFile);
  if (!existsSync(path)) {
    throw new WorkbenchError('not_found', `No checkpoint in ${dir}: ${checkpointManifestFile} is missing (the save may not have finished)`, { file: path }, reason('checkpoint_missing', { folder: dir }));
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as CheckpointManifest;
  } catch (error) {
    throw new WorkbenchError('bad_input', `${path} is not valid JSON: ${(error as Error).message}`, { file: path }, reason('checkpoint_invalid', { file: path }));
  }
  if (manifest.format !== 'llm-workbench-checkpoint' || manifest.version !== 1) {
    throw new WorkbenchError('bad_input', `${path} is not an LLM Workbench checkpoint (format/version)`, { file: path, field: 'format' }, reason('checkpoint_invalid', { file: path }));
  }
  if (!existsSync(join(dir, checkpointStateFile))) {
    throw new WorkbenchError('not_found', `${join(dir, checkpointStateFile)} is missing`, { file: join(dir, checkpointStateFile) }, reason('file_not_found', { file: join(dir, checkpointStateFile) }));
  }
  return manifest;
}

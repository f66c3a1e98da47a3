import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ModelEntry, ScanSkip } from '../../shared/contract/models.ts';
import { inspectGguf } from '../gguf/inspectGguf.ts';
import type { ModelLibrary } from './modelLibrary.ts';
import { notAModel } from './notAModel.ts';

/** Folders deeper than this are not searched (a scan of a home folder must end). */
const MAX_DEPTH = 6;
/** Later parts of a split model (…-00002-of-00003.gguf) load through the first part. */
const laterSplitPart = /-(\d{5})-of-\d{5}\.gguf$/i;

export interface ScanOutcome {
  added: ModelEntry[];
  alreadyInLibrary: number;
  skipped: ScanSkip[];
}

/**
 * Adds every GGUF model under a folder; files that are not models (adapters, training checkpoints, vocab-only,
 * broken) are listed with a reason code (notAModel.ts).
 */
export function scanModelFolder(library: ModelLibrary, folderInput: string, recursive: boolean): ScanOutcome {
  const folder = resolve(folderInput);
  let isDirectory = false;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new WorkbenchError('not_found', `${folder} is not a folder`, { field: 'folder', folder }, reason('folder_not_found', { folder }));
  const outcome: ScanOutcome = { added: [], alreadyInLibrary: 0, skipped: [] };
  for (const path of ggufFiles(folder, recursive ? MAX_DEPTH : 0)) {
    const split = laterSplitPart.exec(path);
    if (split && split[1] !== '00001') continue;
    if (library.findByPath(path)) {
      outcome.alreadyInLibrary += 1;
      continue;
    }
    let inspection;
    try {
      inspection = inspectGguf(path);
    } catch (error) {
      outcome.skipped.push({ path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const skip = notAModel(inspection);
    if (skip) {
      outcome.skipped.push({ path, ...skip });
      continue;
    }
    try {
      outcome.added.push(library.add(path, { source: `folder:${folder}`, inspection }).model);
    } catch (error) {
      outcome.skipped.push({ path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcome;
}

function ggufFiles(folder: string, depth: number): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.gguf')) files.push(path);
    else if (entry.isDirectory() && depth > 0) files.push(...ggufFiles(path, depth - 1));
  }
  return files;
}

import type { Database } from 'better-sqlite3';
import { ModelLibrary } from './modelLibrary.ts';

/** The file of a model named by library id, library name or GGUF path (ModelLibrary.resolve, the one resolver). */
export function resolveModelPath(db: Database, ref: string): string {
  return new ModelLibrary(db).resolve(ref).path;
}

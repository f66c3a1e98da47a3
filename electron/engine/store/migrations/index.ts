import type { Migration } from './migration.ts';
import { coreMigration } from './001_core.ts';

/** Every migration, in order. Each area adds one line with its reserved number (docs/ARCHITECTURE.md). */
export const migrations: readonly Migration[] = [
  coreMigration,
];

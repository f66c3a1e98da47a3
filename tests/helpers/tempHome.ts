import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throw-away data home for one test file; WORKBENCH_HOME is pointed at it while the test runs. */
export function createTempHome(label = 'test'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), `workbench-${label}-`));
  return {
    path,
    cleanup: () => rmSync(path, { recursive: true, force: true }),
  };
}

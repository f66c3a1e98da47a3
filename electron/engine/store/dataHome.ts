import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where everything the workbench saves lives. One place decides it so tests can point it at a temp dir. */
export interface DataHome {
  readonly root: string;
  readonly databaseFile: string;
  readonly modelsDir: string;
  readonly adaptersDir: string;
  readonly datasetsDir: string;
  readonly runsDir: string;
  readonly checkpointsDir: string;
  readonly tmpDir: string;
}

/**
 * WORKBENCH_HOME wins (tests, portable installs); then the shell's own choice (Electron's userData);
 * then ~/.llm-workbench.
 */
export function resolveDataHomeRoot(shellDefault?: string): string {
  const fromEnv = process.env.WORKBENCH_HOME;
  if (fromEnv && fromEnv.trim() !== '') return resolve(fromEnv);
  if (shellDefault) return resolve(shellDefault);
  return join(homedir(), '.llm-workbench');
}

export function openDataHome(root: string): DataHome {
  const home: DataHome = {
    root,
    databaseFile: join(root, 'workbench.sqlite'),
    modelsDir: join(root, 'models'),
    adaptersDir: join(root, 'adapters'),
    datasetsDir: join(root, 'datasets'),
    runsDir: join(root, 'runs'),
    checkpointsDir: join(root, 'checkpoints'),
    tmpDir: join(root, 'tmp'),
  };
  for (const dir of [home.root, home.modelsDir, home.adaptersDir, home.datasetsDir, home.runsDir, home.checkpointsDir, home.tmpDir]) {
    mkdirSync(dir, { recursive: true });
  }
  return home;
}

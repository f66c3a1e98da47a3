import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { generateWorld } from '../../pretraining/world/generateWorld.ts';
import { loadTaskFile, type LoadedTask } from '../loadTaskFile.ts';
import { worldTask } from './worldTask.ts';

/** Written for the workbench, shipped as task files in resources/evals/. */
const FILE_TASKS = ['general-en', 'general-zh', 'traps', 'arithmetic'] as const;

/** The world the nano-pretraining lab makes by default (100 people, seed 1): `builtin:world`. */
const LAB_WORLD = { people: 100, seed: 1 } as const;

export const builtinTaskNames: readonly string[] = [...FILE_TASKS, 'world'];

/** resources/evals, looked for upwards from here (sources, out/main, app.asar); WORKBENCH_RESOURCES overrides. */
function resourcesDir(): string {
  const override = process.env.WORKBENCH_RESOURCES;
  if (override) return join(resolve(override), 'evals');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 7; depth++) {
    const candidate = join(dir, 'resources', 'evals');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new WorkbenchError('not_found', 'The built-in eval tasks (resources/evals) are missing from this installation', { field: 'task' }, reason('builtin_tasks_missing', {}));
}

export function loadBuiltinTask(name: string): LoadedTask {
  if (name === 'world') {
    const world = generateWorld(LAB_WORLD);
    const task = worldTask('world', world.qa, world.people);
    return { task, sha256: createHash('sha256').update(JSON.stringify(task)).digest('hex') };
  }
  if (!(FILE_TASKS as readonly string[]).includes(name)) {
    throw new WorkbenchError('not_found', `No built-in task "${name}"; the built-in tasks are ${builtinTaskNames.join(', ')}`, { field: 'task' }, reason('builtin_task_not_found', { task: name, tasks: builtinTaskNames.join(', ') }));
  }
  return loadTaskFile(join(resourcesDir(), `${name}.json`));
}

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EvalTaskInfo, EvalTaskSource } from '../../shared/contract/evals.ts';
import { readWorldFacts, readWorldQa } from '../worldChat/worldFiles.ts';
import { loadBuiltinTask } from './builtin/builtinTasks.ts';
import { worldTask } from './builtin/worldTask.ts';
import { loadTaskFile, type LoadedTask } from './loadTaskFile.ts';

/**
 * A task from where the user points: a built-in by name, a task file, or a world folder of the nano-pretraining
 * lab (facts.json + qa.jsonl), which becomes that world's closed-book questions.
 */
export function loadTask(source: EvalTaskSource): LoadedTask {
  if (source.kind === 'builtin') return loadBuiltinTask(source.name);
  const path = resolve(source.path);
  if (existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, 'facts.json'))) {
    const task = worldTask(`world:${basename(path)}`, readWorldQa(path), readWorldFacts(path).people);
    return { task, sha256: createHash('sha256').update(JSON.stringify(task)).digest('hex') };
  }
  return loadTaskFile(path);
}

/** `builtin:NAME` or a path, as the CLI and the page write a task. */
export function parseTaskSpec(spec: string): EvalTaskSource {
  return spec.startsWith('builtin:') ? { kind: 'builtin', name: spec.slice('builtin:'.length) } : { kind: 'file', path: resolve(spec) };
}

export function taskInfo(source: EvalTaskSource, loaded: LoadedTask): EvalTaskInfo {
  const { task } = loaded;
  const choiceItems = task.items.filter((item) => item.kind === 'choice');
  const chance = task.items.length === 0 ? 0 : choiceItems.reduce((sum, item) => sum + 1 / item.choices.length, 0) / task.items.length;
  return {
    source,
    name: task.name,
    description: task.description,
    frame: task.frame,
    items: task.items.length,
    choiceItems: choiceItems.length,
    numberItems: task.items.length - choiceItems.length,
    chance,
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The base name (no extension) a bench run writes under bench/results: `<date>-<host>` for the full suite,
 * `<date>-<host>-<ids>` for `--only`. A run never overwrites a committed one: when the name is taken (a second
 * partial run the same day, say one per model type) it gets `-2`, `-3`, … so each run keeps its own file and notes.
 */
export function benchResultBase(dir: string, date: string, host: string, ids?: readonly string[]): string {
  const partial = ids ? `-${ids.join('+')}` : '';
  const base = `${date.slice(0, 10)}-${host.replace(/[^\w.-]/g, '_')}${partial}`;
  const taken = (name: string): boolean => existsSync(join(dir, `${name}.json`)) || existsSync(join(dir, `${name}.md`));
  if (!taken(base)) return base;
  let suffix = 2;
  while (taken(`${base}-${suffix}`)) suffix++;
  return `${base}-${suffix}`;
}

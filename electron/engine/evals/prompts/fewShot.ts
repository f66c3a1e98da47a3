import type { EvalItem } from '../../../shared/contract/evals.ts';
import { SeededRandom } from '../../random/seededRandom.ts';

/**
 * K examples for one item, drawn from the task's own items without the item itself (lm-evaluation-harness does
 * the same when a task has no separate few-shot split). The draw depends only on the seed, the task and the
 * item, so a run is repeatable and every model sees the same examples.
 */
export function fewShotExamples(items: readonly EvalItem[], item: EvalItem, shots: number, seed: number, taskName: string): EvalItem[] {
  const pool = items.filter((candidate) => candidate.id !== item.id);
  const count = Math.min(shots, pool.length);
  const random = new SeededRandom(seed, `eval few-shot ${taskName} ${item.id}`);
  // A partial Fisher–Yates shuffle: the first `count` places are a uniform draw without replacement.
  for (let index = 0; index < count; index++) {
    const pick = index + Math.floor(random.nextFloat() * (pool.length - index));
    [pool[index], pool[pick]] = [pool[pick]!, pool[index]!];
  }
  return pool.slice(0, count);
}

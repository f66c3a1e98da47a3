import type { EvalItemResult, EvalSummary } from '../../../shared/contract/evals.ts';
import { wilsonInterval } from './wilsonInterval.ts';

/** accuracy and acc_norm over the items, each with its 95 % Wilson interval; generation items count the same in both. */
export function summarizeResults(results: readonly EvalItemResult[], chance: number): EvalSummary {
  const correct = results.filter((result) => result.correct).length;
  const correctNorm = results.filter((result) => (result.kind === 'choice' ? result.correctNorm : result.correct)).length;
  const items = results.length;
  return {
    items,
    correct,
    accuracy: items === 0 ? 0 : correct / items,
    interval: wilsonInterval(correct, items),
    accNorm: items === 0 ? 0 : correctNorm / items,
    accNormInterval: wilsonInterval(correctNorm, items),
    chance,
  };
}

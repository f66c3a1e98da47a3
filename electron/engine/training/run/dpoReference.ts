import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { writeFileAtomic } from '../../store/atomicWrite.ts';
import type { TrainingSequence, TrainingSession } from '../native/nativeTrainerApi.ts';

interface ReferenceCache {
  chosen: number[];
  rejected: number[];
}

/**
 * The frozen reference policy's summed log-probs per pair, computed once before the first update (the base without
 * adapter, or the starting adapter when continuing one) and cached in the run directory so a resumed run reuses
 * them instead of scoring the pairs with already-trained weights.
 */
export async function referenceLogProbs(
  session: TrainingSession,
  runDir: string,
  name: 'train' | 'validation',
  pairs: readonly { chosen: TrainingSequence; rejected: TrainingSequence }[],
  options: { fromStart: boolean; adapter: boolean },
  /** Pairs scored so far of all of them (the UI says it; nothing here is a sentence). */
  onProgress: (done: number, total: number) => void,
): Promise<ReferenceCache> {
  const file = join(runDir, `reference-${name}.json`);
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as ReferenceCache;
    if (cached.chosen.length === pairs.length) return cached;
  }
  if (!options.fromStart && options.adapter) {
    throw new WorkbenchError('conflict', `${file} is missing: the starting adapter's reference log-probs cannot be recomputed after training began`, { file }, reason('dpo_reference_missing', { file }));
  }
  const cache: ReferenceCache = { chosen: [], rejected: [] };
  const chunk = 8;
  for (let start = 0; start < pairs.length; start += chunk) {
    onProgress(start, pairs.length);
    const slice = pairs.slice(start, start + chunk);
    const results = await session.sequenceLogProbs(
      slice.flatMap((pair) => [pair.chosen, pair.rejected]),
      { adapter: options.adapter },
    );
    slice.forEach((_, i) => {
      cache.chosen.push(results[2 * i]!.logProb);
      cache.rejected.push(results[2 * i + 1]!.logProb);
    });
  }
  mkdirSync(runDir, { recursive: true });
  await writeFileAtomic(file, JSON.stringify(cache));
  return cache;
}

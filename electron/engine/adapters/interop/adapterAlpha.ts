import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import { withB, type LoraPair } from './loraPair.ts';

export interface SharedAlpha {
  readonly alpha: number;
  readonly pairs: readonly LoraPair[];
  /** Sources whose B was multiplied so that the one alpha gives them their own scale. */
  readonly rescaled: readonly string[];
}

/**
 * llama.cpp keeps one alpha per adapter (scale = alpha / rank of each tensor). Sources may scale each module
 * differently (PEFT's alpha_pattern, rsLoRA with a rank_pattern): the most common alpha is kept and the others'
 * B matrices carry the ratio, which leaves every update B·A·scale what it was. Alpha 0 is refused because
 * llama.cpp reads it as "no scaling" (scale 1), not as a zero update.
 */
export function shareAlpha(pairs: readonly LoraPair[], sourceFile: string): SharedAlpha {
  const counts = new Map<number, number>();
  for (const pair of pairs) counts.set(pair.alpha, (counts.get(pair.alpha) ?? 0) + 1);
  const alpha = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  if (alpha === 0 || !Number.isFinite(alpha)) {
    throw new WorkbenchError('bad_input', `${sourceFile}: alpha ${alpha} cannot be expressed: llama.cpp reads alpha 0 as "no scaling"`, { file: sourceFile, field: 'lora_alpha' }, reason('interop_alpha_zero', { file: sourceFile }));
  }
  const rescaled: string[] = [];
  const out = pairs.map((pair) => {
    if (pair.alpha === alpha) return pair;
    rescaled.push(pair.source);
    const factor = pair.alpha / alpha;
    // Scaled values are no longer the source's F16 numbers, so they stay F32.
    return { ...withB(pair, pair.b.map((value) => value * factor)), alpha, dtype: 'F32' as const };
  });
  return { alpha, pairs: out, rescaled };
}

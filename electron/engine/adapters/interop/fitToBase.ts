import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason, type ErrorReason } from '../../../shared/contract/errorReasons.ts';
import { qkHeadsFor, type BaseModelFacts } from './baseModelFacts.ts';
import { withB, type LoraPair } from './loraPair.ts';
import { permuteHeadRows } from './qkPermutation.ts';

export interface FittedPairs {
  /** In the base file's tensor order, q/k B rows in llama.cpp's order. */
  readonly pairs: readonly LoraPair[];
  /** Targets whose lora_B rows were reordered for llama.cpp's RoPE layout. */
  readonly permuted: readonly string[];
}

/**
 * Checks every pair against the base the user picked (the adapter's own config often names another machine's
 * path, so the shapes are the only real evidence) and reorders q/k rows where the base's converter did.
 */
export function fitToBase(pairs: readonly LoraPair[], base: BaseModelFacts, sourceFile: string): FittedPairs {
  const problems: string[] = [];
  // the first problem as a reason: the UI names that tensor and both shapes (ggml order, as the GGUF lists them)
  let first: ErrorReason | undefined;
  const names = { adapter: sourceFile, base: base.path };
  for (const pair of pairs) {
    const dims = base.matrices.get(pair.target);
    if (!dims) {
      problems.push(`${pair.source} → ${pair.target}: the base has no such tensor`);
      first ??= reason('adapter_tensor_not_in_base', { ...names, tensor: pair.target });
    } else if (dims[0] !== pair.inputs || dims[1] !== pair.outputs) {
      problems.push(`${pair.source} (${pair.inputs} in → ${pair.outputs} out) does not fit ${pair.target} (${dims[0]} in → ${dims[1]} out)`);
      first ??= reason('adapter_base_mismatch', {
        ...names,
        tensor: pair.target,
        expected: `[${dims[0]}, ${dims[1]}]`,
        actual: `A [${pair.inputs}, ${pair.rank}] · B [${pair.rank}, ${pair.outputs}]`,
      });
    }
  }
  if (problems.length > 0) {
    throw new WorkbenchError(
      'bad_input',
      `${sourceFile} does not fit the base ${base.path}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}. Was it trained on another model?`,
      { file: sourceFile, field: pairs.find((pair) => problems[0]!.startsWith(pair.source))?.source ?? 'base', base: base.path },
      first,
    );
  }
  const order = new Map([...base.matrices.keys()].map((name, index) => [name, index]));
  const permuted: string[] = [];
  const fitted = [...pairs]
    .sort((a, b) => order.get(a.target)! - order.get(b.target)!)
    .map((pair) => {
      const heads = qkHeadsFor(base, pair.target);
      if (heads === null) return pair;
      permuted.push(pair.target);
      return withB(pair, permuteHeadRows(pair.b, pair.outputs, pair.rank, heads, 'hf-to-gguf', `${pair.source}.lora_B`));
    });
  return { pairs: fitted, permuted };
}

import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason, type ErrorReason } from '../../shared/contract/errorReasons.ts';
import { metadataNumber, metadataString, type GgufFile } from '../gguf/ggufReader.ts';

/** What a LoRA adapter GGUF says about itself once it is known to fit its base. */
export interface AdapterShape {
  readonly rank: number;
  readonly alpha: number;
  /** Adapted weight kinds, e.g. attn_q, ffn_down. */
  readonly targets: readonly string[];
  readonly tensorPairs: number;
}

const loraSuffix = /^(.*)\.lora_(a|b)$/;

/**
 * Checks a LoRA adapter against the base it will be applied to, tensor by tensor, as llama.cpp pairs them
 * (src/llama-adapter.cpp): for a base weight of ggml dims [in, out], `<weight>.lora_a` is [in, rank] and
 * `<weight>.lora_b` is [rank, out]. The first tensor that does not fit is named, so a wrong base is refused when
 * the adapter is added instead of failing at the first generation.
 */
export function checkAdapterFitsBase(adapter: GgufFile, base: GgufFile): AdapterShape {
  const names = { adapter: adapter.path, base: base.path };
  const refuse = (message: string, details: Record<string, unknown>, why: ErrorReason): never => {
    throw new WorkbenchError('bad_input', `${adapter.path} does not fit the base ${base.path}: ${message}`, { file: adapter.path, base: base.path, ...details }, why);
  };
  if (metadataString(adapter.metadata, 'general.type') !== 'adapter') {
    throw new WorkbenchError('bad_input', `${adapter.path} is not a LoRA adapter (general.type is not "adapter")`, { file: adapter.path, field: 'general.type' }, reason('not_an_adapter', { file: adapter.path }));
  }
  const adapterArch = metadataString(adapter.metadata, 'general.architecture');
  const baseArch = metadataString(base.metadata, 'general.architecture');
  if (adapterArch !== undefined && baseArch !== undefined && adapterArch !== baseArch) {
    refuse(`the adapter is for ${adapterArch}, the base is ${baseArch}`, { field: 'general.architecture' }, reason('interop_architecture_mismatch', {
      adapter: adapter.path, adapterArchitecture: adapterArch, base: base.path, baseArchitecture: baseArch,
    }));
  }
  const baseDims = new Map(base.tensors.map((tensor) => [tensor.name, tensor.dims]));
  const pairs = new Map<string, { a?: readonly number[]; b?: readonly number[] }>();
  for (const tensor of adapter.tensors) {
    const match = loraSuffix.exec(tensor.name);
    if (!match) continue;
    const pair = pairs.get(match[1]!) ?? {};
    pair[match[2] as 'a' | 'b'] = tensor.dims;
    pairs.set(match[1]!, pair);
  }
  if (pairs.size === 0) refuse('it has no lora_a/lora_b tensors', { field: 'tensors' }, reason('interop_no_lora_tensors', { file: adapter.path }));
  const ranks = new Set<number>();
  for (const [weight, { a, b }] of pairs) {
    const missing = `${weight}.lora_${a ? 'b' : 'a'}`;
    if (!a || !b) refuse(`${missing} is missing`, { tensor: missing }, reason('adapter_pair_incomplete', { adapter: adapter.path, tensor: missing }));
    const dims = baseDims.get(weight);
    if (!dims) refuse(`the base has no tensor ${weight} (adapted by ${weight}.lora_a)`, { tensor: `${weight}.lora_a` }, reason('adapter_tensor_not_in_base', { ...names, tensor: weight }));
    const [inputs, outputs] = dims!;
    if (a![0] !== inputs || b![1] !== outputs || a![1] !== b![0]) {
      const tensor = a![0] !== inputs ? `${weight}.lora_a` : `${weight}.lora_b`;
      const expected = `[${dims!.join(', ')}]`;
      const actual = `A [${a!.join(', ')}] · B [${b!.join(', ')}]`;
      refuse(`${weight}.lora_a is [${a!.join(', ')}] and ${weight}.lora_b [${b!.join(', ')}], but ${weight} is ${expected} (expected lora_a [${inputs}, rank], lora_b [rank, ${outputs}])`, {
        tensor,
      }, reason('adapter_base_mismatch', { ...names, tensor: weight, expected, actual }));
    }
    ranks.add(a![1]!);
  }
  const rank = Math.max(...ranks);
  const targets = [...new Set([...pairs.keys()].map((weight) => weight.replace(/^blk\.\d+\./, '').replace(/\.weight$/, '')))].sort();
  return { rank, alpha: metadataNumber(adapter.metadata, 'adapter.lora.alpha') ?? rank, targets, tensorPairs: pairs.size };
}

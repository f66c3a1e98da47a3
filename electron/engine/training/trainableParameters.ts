import type { ResolvedTrainingConfig } from '../../shared/contract/training.ts';
import { readGguf, type GgufFile } from '../gguf/ggufReader.ts';

/** LoRA target → the per-layer weight it adapts (the native trainer's target_tensor_names). */
const targetTensors: Record<string, string> = { q: 'attn_q', k: 'attn_k', v: 'attn_v', o: 'attn_output', gate: 'ffn_gate', up: 'ffn_up', down: 'ffn_down' };

/**
 * The parameters a run trains, from tensor shapes alone, as the native session counts them: A (in × rank) and
 * B (rank × out) per adapted weight; a continued adapter's own tensors; every F32 tensor of a full run.
 */
export function trainableParameters(config: ResolvedTrainingConfig, model: GgufFile): number {
  if (config.objective === 'full') {
    return model.tensors.filter((t) => t.type === 'F32' && t.name !== 'rope_freqs.weight').reduce((sum, t) => sum + t.elementCount, 0);
  }
  if (config.initAdapterPath) {
    return readGguf(config.initAdapterPath)
      .tensors.filter((t) => t.name.endsWith('.lora_a') || t.name.endsWith('.lora_b'))
      .reduce((sum, t) => sum + t.elementCount, 0);
  }
  const rank = config.lora?.rank ?? 0;
  const adapted = new Set((config.lora?.targets ?? []).map((target) => targetTensors[target]));
  let count = 0;
  for (const tensor of model.tensors) {
    const match = /^blk\.\d+\.([a-z_]+)\.weight$/.exec(tensor.name);
    if (!match || !adapted.has(match[1]!)) continue;
    const [inputs = 0, outputs = 1] = tensor.dims;
    count += rank * (inputs + outputs);
  }
  return count;
}

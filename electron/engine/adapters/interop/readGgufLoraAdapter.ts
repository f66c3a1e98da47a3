import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { metadataNumber, metadataString, readGguf, type GgufFile, type GgufTensorInfo } from '../../gguf/ggufReader.ts';
import { ggufFloatType, readGgufTensorValues } from './ggufTensorValues.ts';
import { hfModuleOf } from './hfModuleNames.ts';
import type { LoraPair } from './loraPair.ts';

export interface GgufLoraAdapter {
  readonly file: GgufFile;
  readonly architecture: string;
  /** adapter.lora.alpha; 0 when absent (llama.cpp then applies B·A unscaled). */
  readonly alpha: number;
  /** In file order; `alpha` of each pair is the alpha that reproduces llama.cpp's scale for it. */
  readonly pairs: readonly LoraPair[];
}

function refuse(path: string, message: string, field: string, code: 'bad_input' | 'unsupported' = 'unsupported'): never {
  throw new WorkbenchError(code, `${path}: ${message}`, { file: path, field });
}

/** A llama.cpp GGUF LoRA adapter read into pairs (lora_a ne [in, r] = A [r, in]; lora_b ne [r, out] = B [out, r]). */
export function readGgufLoraAdapter(path: string): GgufLoraAdapter {
  const file = readGguf(path);
  const type = metadataString(file.metadata, 'general.type');
  const adapterType = metadataString(file.metadata, 'adapter.type');
  if (type !== 'adapter' || adapterType !== 'lora') {
    refuse(path, `is not a LoRA adapter (general.type ${type ?? 'missing'}, adapter.type ${adapterType ?? 'missing'})`, 'general.type', 'bad_input');
  }
  const architecture = metadataString(file.metadata, 'general.architecture');
  if (!architecture) refuse(path, 'has no general.architecture', 'general.architecture', 'bad_input');
  const alpha = metadataNumber(file.metadata, 'adapter.lora.alpha') ?? 0;

  const halves = new Map<string, { a?: GgufTensorInfo; b?: GgufTensorInfo }>();
  for (const tensor of file.tensors) {
    const match = /^(.+)\.lora_([ab])$/.exec(tensor.name);
    if (!match) refuse(path, `tensor "${tensor.name}" is not a lora_a/lora_b tensor (a PEFT LoRA has only those)`, tensor.name);
    if (ggufFloatType(tensor) === null) refuse(path, `tensor "${tensor.name}" is ${tensor.type}; only F32, F16 and BF16 adapters export`, tensor.name);
    const entry = halves.get(match[1]!) ?? {};
    entry[match[2] as 'a' | 'b'] = tensor;
    halves.set(match[1]!, entry);
  }
  if (halves.size === 0) refuse(path, 'holds no LoRA tensors', 'tensors', 'bad_input');

  const pairs = [...halves].map(([target, { a, b }]): LoraPair => {
    if (!a || !b) refuse(path, `${target} has lora_${a ? 'a' : 'b'} but no lora_${a ? 'b' : 'a'}`, target, 'bad_input');
    const module = hfModuleOf(target);
    if (module === null) refuse(path, `${target} has no Hugging Face module to map to (token embeddings, norms and fused tensors are not exported)`, target);
    if (a.dims.length !== 2 || b.dims.length !== 2 || a.dims[1] !== b.dims[0]) {
      refuse(path, `${target}: lora_a [${a.dims.join(', ')}] and lora_b [${b.dims.join(', ')}] do not share a rank`, target, 'bad_input');
    }
    const [inputs, rank] = a.dims as [number, number];
    const outputs = b.dims[1]!;
    const aType = ggufFloatType(a)!;
    return {
      target,
      source: module,
      rank,
      inputs,
      outputs,
      a: readGgufTensorValues(file, a),
      b: readGgufTensorValues(file, b),
      // llama.cpp reads alpha 0 as "scale 1", which PEFT expresses as lora_alpha = r.
      alpha: alpha === 0 ? rank : alpha,
      dtype: aType === ggufFloatType(b) ? aType : 'F32',
    };
  });
  return { file, architecture, alpha, pairs };
}

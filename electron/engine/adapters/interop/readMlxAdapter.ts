import { join } from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { FloatDType } from './floatFormats.ts';
import { ggufTargetOf, mappableHfModules } from './hfModuleNames.ts';
import type { LoraPair } from './loraPair.ts';
import type { ReadAdapter } from './readPeftAdapter.ts';
import { readJsonFile, transpose } from './readJsonFile.ts';
import { isFloatDType, readSafetensorsHeader, readSafetensorsTensor, type SafetensorsTensorInfo } from './safetensorsReader.ts';

export const mlxConfigFile = 'adapter_config.json';
export const mlxWeightsFile = 'adapters.safetensors';

const mlxConfigSchema = z
  .object({
    fine_tune_type: z.string().default('lora'),
    model: z.string().nullish(),
    lora_parameters: z
      .object({
        rank: z.number().int().positive().optional(),
        scale: z.number().finite(),
        alpha: z.number().optional(),
      })
      .passthrough(),
  })
  .passthrough();

function refuse(file: string, message: string, field: string): never {
  throw new WorkbenchError('unsupported', `${file}: ${message}`, { file, field }, reason('interop_setting_unsupported', { file, field }));
}

/**
 * An MLX LoRA adapter (mlx_lm.lora's adapters.safetensors + adapter_config.json) read into pairs. MLX keeps
 * lora_a as [inputs, rank] and lora_b as [rank, outputs] (it computes x·A·B), the transposes of PEFT's, and
 * applies an absolute `scale` instead of alpha/rank: in llama.cpp's terms alpha = scale · rank.
 */
export function readMlxAdapter(folder: string): ReadAdapter {
  const configFile = join(folder, mlxConfigFile);
  const weightsFile = join(folder, mlxWeightsFile);
  const parsed = mlxConfigSchema.safeParse(readJsonFile(configFile));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'config';
    throw new WorkbenchError('bad_input', `${configFile}: ${field}: ${issue.message}`, { file: configFile, field }, reason('file_field_invalid', { file: configFile, field }));
  }
  const config = parsed.data;
  if (config.fine_tune_type !== 'lora') {
    refuse(configFile, `fine_tune_type is "${config.fine_tune_type}"; only "lora" adapters convert (DoRA's magnitudes and full fine-tunes are not LoRA updates)`, 'fine_tune_type');
  }
  const header = readSafetensorsHeader(weightsFile);
  const modules = new Map<string, { a?: SafetensorsTensorInfo; b?: SafetensorsTensorInfo }>();
  for (const tensor of header.tensors) {
    const match = /^(.+)\.lora_([ab])$/.exec(tensor.name);
    if (!match) {
      const why = /\.m$/.test(tensor.name)
        ? 'a DoRA magnitude, which llama.cpp adapters cannot express'
        : /_(scales|biases)$/.test(tensor.name)
          ? 'part of a quantized LoRA matrix; dequantize the adapter in MLX first'
          : 'not a lora_a/lora_b weight';
      refuse(weightsFile, `tensor "${tensor.name}" is ${why}`, tensor.name);
    }
    const entry = modules.get(match[1]!) ?? {};
    entry[match[2] as 'a' | 'b'] = tensor;
    modules.set(match[1]!, entry);
  }
  if (modules.size === 0) throw new WorkbenchError('bad_input', `${weightsFile} holds no LoRA tensors`, { file: weightsFile }, reason('interop_no_lora_tensors', { file: weightsFile }));
  const unmapped = [...modules.keys()].filter((module) => ggufTargetOf(module) === null);
  if (unmapped.length > 0) {
    refuse(weightsFile, `no llama.cpp tensor for module${unmapped.length > 1 ? 's' : ''} ${unmapped.slice(0, 8).join(', ')}${unmapped.length > 8 ? ` and ${unmapped.length - 8} more` : ''} (modules that map: ${mappableHfModules.join(', ')})`, unmapped[0]!);
  }

  const { scale } = config.lora_parameters;
  const notes = [`MLX scale ${scale} carried as alpha = scale × rank`];
  if (config.lora_parameters.alpha !== undefined) notes.push('lora_parameters.alpha is ignored: mlx_lm applies `scale` alone');
  const pairs = [...modules].map(([module, { a, b }]): LoraPair => {
    if (!a || !b) refuse(weightsFile, `module ${module} has lora_${a ? 'a' : 'b'} but no lora_${a ? 'b' : 'a'}`, module);
    if (a.shape.length !== 2 || b.shape.length !== 2) refuse(weightsFile, `module ${module}: lora_a and lora_b must be 2-D (mixture-of-experts adapters are not supported)`, module);
    const [inputs, rank] = a.shape as [number, number];
    const [rankB, outputs] = b.shape as [number, number];
    if (rank !== rankB) refuse(weightsFile, `module ${module}: lora_a has rank ${rank} but lora_b has ${rankB}`, module);
    const dtype: FloatDType = a.dtype === b.dtype && isFloatDType(a.dtype) ? a.dtype : 'F32';
    return {
      target: ggufTargetOf(module)!,
      source: module,
      rank,
      inputs,
      outputs,
      a: transpose(readSafetensorsTensor(header, a), inputs, rank),
      b: transpose(readSafetensorsTensor(header, b), rank, outputs),
      alpha: scale * rank,
      dtype,
    };
  });
  return { format: 'mlx', pairs, declaredBase: config.model ?? null, notes };
}

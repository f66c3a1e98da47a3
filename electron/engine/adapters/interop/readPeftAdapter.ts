import { join } from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { FloatDType } from './floatFormats.ts';
import { ggufTargetOf, mappableHfModules } from './hfModuleNames.ts';
import type { LoraPair } from './loraPair.ts';
import { readJsonFile } from './readJsonFile.ts';
import { isFloatDType, readSafetensorsHeader, readSafetensorsTensor, type SafetensorsTensorInfo } from './safetensorsReader.ts';

export const peftConfigFile = 'adapter_config.json';
export const peftWeightsFile = 'adapter_model.safetensors';

/** The adapter_config.json fields that change what the weights mean; the rest (dropout, init…) only mattered in training. */
const peftConfigSchema = z
  .object({
    peft_type: z.string().optional(),
    r: z.number().int().positive().default(8),
    lora_alpha: z.number().finite().default(8),
    use_rslora: z.boolean().default(false),
    use_dora: z.boolean().default(false),
    rank_pattern: z.record(z.string(), z.number().int().positive()).nullish(),
    alpha_pattern: z.record(z.string(), z.number().finite()).nullish(),
    fan_in_fan_out: z.boolean().default(false),
    bias: z.string().default('none'),
    lora_bias: z.boolean().default(false),
    layer_replication: z.array(z.unknown()).nullish(),
    base_model_name_or_path: z.string().nullish(),
  })
  .passthrough();
type PeftConfig = z.output<typeof peftConfigSchema>;

export interface ReadAdapter {
  readonly format: 'peft' | 'mlx';
  readonly pairs: readonly LoraPair[];
  /** What the source config says the base was (a Hugging Face id or the training machine's path). */
  readonly declaredBase: string | null;
  readonly notes: readonly string[];
}

function refuse(file: string, message: string, field: string): never {
  throw new WorkbenchError('unsupported', `${file}: ${message}`, { file, field }, reason('interop_setting_unsupported', { file, field }));
}

export function readPeftConfig(folder: string): PeftConfig {
  const file = join(folder, peftConfigFile);
  const parsed = peftConfigSchema.safeParse(readJsonFile(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'config';
    throw new WorkbenchError('bad_input', `${file}: ${field}: ${issue.message}`, { file, field }, reason('file_field_invalid', { file, field }));
  }
  const config = parsed.data;
  if (config.peft_type !== undefined && config.peft_type !== 'LORA') refuse(file, `peft_type is ${config.peft_type}; only LORA adapters convert to llama.cpp`, 'peft_type');
  if (config.use_dora) refuse(file, 'use_dora is true: DoRA rescales each weight column by a learned magnitude, which llama.cpp adapters cannot express', 'use_dora');
  if (config.fan_in_fan_out) refuse(file, 'fan_in_fan_out is true (Conv1D-style weights, e.g. GPT-2): no llama.cpp mapping', 'fan_in_fan_out');
  if (config.lora_bias) refuse(file, 'lora_bias is true: llama.cpp adapters have no bias term', 'lora_bias');
  if (config.layer_replication) refuse(file, 'layer_replication is set: the adapted model has more layers than its base', 'layer_replication');
  return config;
}

/**
 * PEFT's rank_pattern / alpha_pattern lookup: an exact module name first, then a key matched as a regular
 * expression against the end of the module path (`(.*\.)?(key)$`).
 */
export function patternValue<T>(pattern: Readonly<Record<string, T>> | null | undefined, module: string, file: string, field: string): T | undefined {
  if (!pattern) return undefined;
  if (Object.hasOwn(pattern, module)) return pattern[module];
  for (const [key, value] of Object.entries(pattern)) {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:.*\\.)?(?:${key})$`);
    } catch {
      throw new WorkbenchError('bad_input', `${file}: ${field} key "${key}" is not a valid pattern`, { file, field }, reason('file_field_invalid', { file, field }));
    }
    if (regex.test(module)) return value;
  }
  return undefined;
}

interface Half {
  tensor?: SafetensorsTensorInfo;
}

/** PEFT tensor names: `base_model.model.<module>.lora_A.weight` / `.lora_B.weight`. */
function moduleTensors(weightsFile: string, tensors: readonly SafetensorsTensorInfo[]): Map<string, { a: Half; b: Half }> {
  const modules = new Map<string, { a: Half; b: Half }>();
  for (const tensor of tensors) {
    const name = tensor.name.startsWith('base_model.model.') ? tensor.name.slice('base_model.model.'.length) : tensor.name;
    const match = /^(.+)\.lora_([AB])\.weight$/.exec(name);
    if (!match) {
      const why = /lora_embedding_[AB]/.test(name)
        ? 'a token-embedding LoRA (embed_tokens), which this converter does not map'
        : /lora_magnitude_vector/.test(name)
          ? 'a DoRA magnitude vector, which llama.cpp adapters cannot express'
          : /\.lora_B\.bias$/.test(name)
            ? 'a LoRA bias, which llama.cpp adapters cannot express'
            : 'not a lora_A/lora_B weight (a full copy saved through modules_to_save, or another adapter type)';
      refuse(weightsFile, `tensor "${tensor.name}" is ${why}`, tensor.name);
    }
    const entry = modules.get(match[1]!) ?? { a: {}, b: {} };
    (match[2] === 'A' ? entry.a : entry.b).tensor = tensor;
    modules.set(match[1]!, entry);
  }
  return modules;
}

/** A PEFT LoRA folder (adapter_config.json + adapter_model.safetensors) read into pairs, with each pair's alpha. */
export function readPeftAdapter(folder: string): ReadAdapter {
  const configFile = join(folder, peftConfigFile);
  const weightsFile = join(folder, peftWeightsFile);
  const config = readPeftConfig(folder);
  const header = readSafetensorsHeader(weightsFile);
  const modules = moduleTensors(weightsFile, header.tensors);
  if (modules.size === 0) throw new WorkbenchError('bad_input', `${weightsFile} holds no LoRA tensors`, { file: weightsFile }, reason('interop_no_lora_tensors', { file: weightsFile }));

  const unmapped = [...modules.keys()].filter((module) => ggufTargetOf(module) === null);
  if (unmapped.length > 0) {
    refuse(weightsFile, `no llama.cpp tensor for module${unmapped.length > 1 ? 's' : ''} ${unmapped.slice(0, 8).join(', ')}${unmapped.length > 8 ? ` and ${unmapped.length - 8} more` : ''} (modules that map: ${mappableHfModules.join(', ')})`, unmapped[0]!);
  }
  const notes: string[] = [];
  if (config.use_rslora) notes.push('rsLoRA: scale α/√r carried as alpha α·√r (llama.cpp divides by r)');
  if (config.bias !== 'none') notes.push(`bias is "${config.bias}" but no bias tensors were saved; nothing to convert`);

  const pairs = [...modules].map(([module, halves]): LoraPair => {
    const { a, b } = halves;
    if (!a.tensor || !b.tensor) refuse(weightsFile, `module ${module} has lora_${a.tensor ? 'A' : 'B'} but no lora_${a.tensor ? 'B' : 'A'}`, module);
    if (a.tensor.shape.length !== 2 || b.tensor.shape.length !== 2) {
      refuse(weightsFile, `module ${module}: lora_A is [${a.tensor.shape.join(', ')}] and lora_B [${b.tensor.shape.join(', ')}]; both must be 2-D`, module);
    }
    const [rank, inputs] = a.tensor.shape as [number, number];
    const [outputs, rankB] = b.tensor.shape as [number, number];
    if (rank !== rankB) refuse(weightsFile, `module ${module}: lora_A has rank ${rank} but lora_B has ${rankB}`, module);
    const configRank = patternValue(config.rank_pattern, module, configFile, 'rank_pattern') ?? config.r;
    if (configRank !== rank) {
      refuse(weightsFile, `module ${module} has rank ${rank} but ${peftConfigFile} says ${configRank} (r / rank_pattern): the scale would be wrong`, module);
    }
    const alpha = patternValue(config.alpha_pattern, module, configFile, 'alpha_pattern') ?? config.lora_alpha;
    const dtype: FloatDType = a.tensor.dtype === b.tensor.dtype && isFloatDType(a.tensor.dtype) ? a.tensor.dtype : 'F32';
    return {
      target: ggufTargetOf(module)!,
      source: module,
      rank,
      inputs,
      outputs,
      a: readSafetensorsTensor(header, a.tensor),
      b: readSafetensorsTensor(header, b.tensor),
      // PEFT scales by α/r, or α/√r with rsLoRA; llama.cpp by alpha/r, so rsLoRA's alpha is α·√r.
      alpha: config.use_rslora ? alpha * Math.sqrt(rank) : alpha,
      dtype,
    };
  });
  return { format: 'peft', pairs, declaredBase: config.base_model_name_or_path ?? null, notes };
}

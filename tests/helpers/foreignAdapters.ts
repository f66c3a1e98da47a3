/**
 * PEFT and MLX LoRA adapter folders written the way those tools write them, for import tests: PEFT keeps
 * lora_A [rank, in] and lora_B [out, rank] under `base_model.model.<module>.lora_X.weight`; MLX keeps the
 * transposes, lora_a [in, rank] and lora_b [rank, out], under `<module>.lora_x`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../../electron/engine/random/seededRandom.ts';
import type { FloatDType } from '../../electron/engine/adapters/interop/floatFormats.ts';
import { encodeSafetensors, type SafetensorsTensorToWrite } from '../../electron/engine/adapters/interop/safetensorsWriter.ts';

export interface ForeignModule {
  /** Hugging Face module path, e.g. model.layers.0.self_attn.q_proj */
  readonly module: string;
  readonly rank: number;
  readonly inputs: number;
  readonly outputs: number;
  /** Row-major [rank, inputs] (PEFT's A). */
  readonly a: Float32Array;
  /** Row-major [outputs, rank] (PEFT's B). */
  readonly b: Float32Array;
}

/** A module with seeded normal A and (non-zero) B, sized like a trained adapter's. */
export function randomModule(module: string, rank: number, inputs: number, outputs: number, seed = 1, bStd = 0.5): ForeignModule {
  const random = new SeededRandom(seed, module);
  return {
    module,
    rank,
    inputs,
    outputs,
    a: random.fillNormal(new Float32Array(rank * inputs), 1 / Math.sqrt(inputs)),
    b: random.fillNormal(new Float32Array(outputs * rank), bStd),
  };
}

export function transposed(values: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) for (let column = 0; column < columns; column++) out[column * rows + row] = values[row * columns + column]!;
  return out;
}

export function writePeftFolder(
  folder: string,
  modules: readonly ForeignModule[],
  config: Record<string, unknown>,
  options: { dtype?: FloatDType; extraTensors?: SafetensorsTensorToWrite[] } = {},
): string {
  mkdirSync(folder, { recursive: true });
  const dtype = options.dtype ?? 'F32';
  const tensors: SafetensorsTensorToWrite[] = modules.flatMap((module) => [
    { name: `base_model.model.${module.module}.lora_A.weight`, dtype, shape: [module.rank, module.inputs], values: module.a },
    { name: `base_model.model.${module.module}.lora_B.weight`, dtype, shape: [module.outputs, module.rank], values: module.b },
  ]);
  writeFileSync(join(folder, 'adapter_model.safetensors'), encodeSafetensors([...tensors, ...(options.extraTensors ?? [])], { format: 'pt' }));
  writeFileSync(
    join(folder, 'adapter_config.json'),
    JSON.stringify({ peft_type: 'LORA', task_type: 'CAUSAL_LM', base_model_name_or_path: '/home/someone/models/base', ...config }, null, 2),
  );
  return folder;
}

export function writeMlxFolder(folder: string, modules: readonly ForeignModule[], parameters: { rank: number; scale: number }, config: Record<string, unknown> = {}): string {
  mkdirSync(folder, { recursive: true });
  const tensors: SafetensorsTensorToWrite[] = modules.flatMap((module) => [
    { name: `${module.module}.lora_a`, dtype: 'F32' as const, shape: [module.inputs, module.rank], values: transposed(module.a, module.rank, module.inputs) },
    { name: `${module.module}.lora_b`, dtype: 'F32' as const, shape: [module.rank, module.outputs], values: transposed(module.b, module.outputs, module.rank) },
  ]);
  writeFileSync(join(folder, 'adapters.safetensors'), encodeSafetensors(tensors));
  writeFileSync(
    join(folder, 'adapter_config.json'),
    JSON.stringify({ fine_tune_type: 'lora', num_layers: 2, model: 'mlx-community/base', lora_parameters: { ...parameters, dropout: 0 }, ...config }, null, 2),
  );
  return folder;
}

/**
 * convert_hf_to_gguf.py's q/k reorder written the way it is specified there — reshape the rows to
 * (heads, 2, headSize/2), swap the last two axes, flatten — as a check independent of the engine's loop.
 */
export function referenceQkPermute(values: Float32Array, rows: number, columns: number, heads: number): Float32Array {
  const half = rows / heads / 2;
  // Row r of the input sits at (head, side, pair) in the reshaped (heads, 2, half) array.
  const sourceRowAt = (head: number, side: number, pair: number) => (head * 2 + side) * half + pair;
  const out = new Float32Array(values.length);
  let target = 0;
  // After the swap the array is (heads, half, 2): walk it in row-major order.
  for (let head = 0; head < heads; head++) {
    for (let pair = 0; pair < half; pair++) {
      for (let side = 0; side < 2; side++) {
        const source = sourceRowAt(head, side, pair);
        out.set(values.subarray(source * columns, (source + 1) * columns), target * columns);
        target++;
      }
    }
  }
  return out;
}

/** Inverse of referenceQkPermute, found by permuting row numbers and reading where each went. */
export function referenceQkUnpermute(values: Float32Array, rows: number, columns: number, heads: number): Float32Array {
  const moved = referenceQkPermute(Float32Array.from({ length: rows }, (_, row) => row), rows, 1, heads);
  const out = new Float32Array(values.length);
  for (let position = 0; position < rows; position++) {
    const original = moved[position]!;
    out.set(values.subarray(position * columns, (position + 1) * columns), original * columns);
  }
  return out;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPeftAdapter } from '../../../electron/engine/adapters/interop/exportPeftAdapter.ts';
import { importLoraAdapter } from '../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { readGgufTensorValues } from '../../../electron/engine/adapters/interop/ggufTensorValues.ts';
import { readSafetensorsHeader, readSafetensorsTensor } from '../../../electron/engine/adapters/interop/safetensorsReader.ts';
import { metadataNumber, readGguf, type GgufFile } from '../../../electron/engine/gguf/ggufReader.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, referenceQkUnpermute, writePeftFolder } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('lora-export');
afterAll(() => home.cleanup());

let base: string;
let adapter: string;
beforeAll(async () => {
  base = await fixtureModel('tiny-base');
  // Random non-zero A and B on every llama target of both layers, rank 4, alpha 8.
  adapter = await fixtureLoraAdapter('tiny-base', { rank: 4, alpha: 8, seed: 7 });
});

let counter = 0;
const dir = () => join(home.path, `out-${counter++}`);

function ggufTensor(file: GgufFile, name: string): Float32Array {
  return readGgufTensorValues(file, file.tensors.find((tensor) => tensor.name === name)!);
}

function peftTensor(folder: string, name: string): Float32Array {
  const header = readSafetensorsHeader(join(folder, 'adapter_model.safetensors'));
  const tensor = header.tensors.find((entry) => entry.name === name);
  if (!tensor) throw new Error(`no ${name} in ${folder}`);
  return readSafetensorsTensor(header, tensor);
}

/** A tensor's stored bytes, exactly as in the file. */
function rawBytes(file: GgufFile, name: string): Buffer {
  const tensor = file.tensors.find((entry) => entry.name === name)!;
  const bytes = Buffer.alloc(tensor.byteSize);
  const fd = openSync(file.path, 'r');
  try {
    readSync(fd, bytes, 0, bytes.length, tensor.fileOffset);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

async function exportError(run: () => Promise<unknown>): Promise<WorkbenchError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('the export succeeded');
}

describe('GGUF → PEFT export', () => {
  it('writes PEFT’s names, shapes and config; A as is, q/k B back in Hugging Face’s order', async () => {
    const out = dir();
    const result = await exportPeftAdapter({ adapterPath: adapter, outDir: out, basePath: base, baseModelId: 'acme/tiny-llama' });
    const config = JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      base_model_name_or_path: 'acme/tiny-llama',
      r: 4,
      lora_alpha: 8,
      target_modules: ['down_proj', 'gate_proj', 'k_proj', 'o_proj', 'q_proj', 'up_proj', 'v_proj'],
      rank_pattern: {},
      alpha_pattern: {},
      layers_to_transform: null,
      use_rslora: false,
      use_dora: false,
      bias: 'none',
    });
    expect(result.unpermutedQK).toEqual(['blk.0.attn_q.weight', 'blk.0.attn_k.weight', 'blk.1.attn_q.weight', 'blk.1.attn_k.weight']);

    const header = readSafetensorsHeader(join(out, 'adapter_model.safetensors'));
    expect(header.metadata).toEqual({ format: 'pt' });
    const shapes = Object.fromEntries(header.tensors.map((tensor) => [tensor.name, [tensor.dtype, ...tensor.shape]]));
    expect(shapes['base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight']).toEqual(['F32', 4, 64]);
    expect(shapes['base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight']).toEqual(['F32', 32, 4]);
    expect(shapes['base_model.model.model.layers.1.mlp.down_proj.lora_A.weight']).toEqual(['F32', 4, 128]);
    expect(header.tensors).toHaveLength(2 * 7 * 2);

    const file = readGguf(adapter);
    expect(peftTensor(out, 'base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight')).toEqual(ggufTensor(file, 'blk.1.attn_q.weight.lora_a'));
    expect(peftTensor(out, 'base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight')).toEqual(referenceQkUnpermute(ggufTensor(file, 'blk.1.attn_q.weight.lora_b'), 64, 4, 4));
    expect(peftTensor(out, 'base_model.model.model.layers.0.self_attn.k_proj.lora_B.weight')).toEqual(referenceQkUnpermute(ggufTensor(file, 'blk.0.attn_k.weight.lora_b'), 32, 4, 2));
    expect(peftTensor(out, 'base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight')).toEqual(ggufTensor(file, 'blk.0.attn_v.weight.lora_b'));
  });

  it('round trip ours → PEFT → ours is bit-equal: every tensor’s bytes, dims, order and alpha', async () => {
    const out = dir();
    await exportPeftAdapter({ adapterPath: adapter, outDir: out, basePath: base });
    const back = await importLoraAdapter({ from: out, basePath: base, out: join(home.path, 'round-trip.gguf') });
    const original = readGguf(adapter);
    const returned = readGguf(back.path);
    expect(returned.tensors.map((tensor) => [tensor.name, tensor.dims, tensor.type])).toEqual(original.tensors.map((tensor) => [tensor.name, tensor.dims, tensor.type]));
    for (const tensor of original.tensors) expect(rawBytes(returned, tensor.name).equals(rawBytes(original, tensor.name)), tensor.name).toBe(true);
    expect(metadataNumber(returned.metadata, 'adapter.lora.alpha')).toBe(metadataNumber(original.metadata, 'adapter.lora.alpha'));
    expect(back.rescaled).toEqual([]);
  });

  it('the base a PEFT config named comes back out; an adapter without q/k needs no base; subsets of layers become layers_to_transform', async () => {
    const modules = [randomModule('model.layers.1.self_attn.v_proj', 4, 64, 32), randomModule('model.layers.1.mlp.down_proj', 4, 128, 64)];
    const from = writePeftFolder(dir(), modules, { r: 4, lora_alpha: 16, base_model_name_or_path: 'Qwen/Qwen2.5-0.5B-Instruct' });
    const imported = await importLoraAdapter({ from, basePath: base, out: join(home.path, 'v-down.gguf') });
    const bare = await exportPeftAdapter({ adapterPath: imported.path, outDir: dir() });
    expect(bare.baseModel).toEqual({ id: 'Qwen/Qwen2.5-0.5B-Instruct', source: 'adapter general.base_model' });
    const withBase = dir();
    await exportPeftAdapter({ adapterPath: imported.path, outDir: withBase, basePath: base });
    expect(JSON.parse(readFileSync(join(withBase, 'adapter_config.json'), 'utf8'))).toMatchObject({ layers_to_transform: [1], target_modules: ['down_proj', 'v_proj'], lora_alpha: 16 });
  });

  it('an adapter without alpha (llama.cpp: unscaled B·A) exports lora_alpha = r; F16 stays F16', async () => {
    const path = join(home.path, 'no-alpha.gguf');
    const a = randomModule('x', 2, 64, 32);
    await writeGguf(path, {
      metadata: new Map([
        ['general.architecture', gguf.string('llama')],
        ['general.type', gguf.string('adapter')],
        ['adapter.type', gguf.string('lora')],
      ]),
      tensors: [
        { name: 'blk.0.attn_v.weight.lora_a', type: 'F16', dims: [64, 2], values: a.a },
        { name: 'blk.0.attn_v.weight.lora_b', type: 'F16', dims: [2, 32], values: a.b },
      ],
    });
    const out = dir();
    const result = await exportPeftAdapter({ adapterPath: path, outDir: out });
    expect([result.r, result.loraAlpha]).toEqual([2, 2]);
    expect(readSafetensorsHeader(join(out, 'adapter_model.safetensors')).tensors.map((tensor) => tensor.dtype)).toEqual(['F16', 'F16']);
  });

  it('refuses what PEFT cannot hold, a llama q/k adapter without its base, a base that does not fit, and a used folder', async () => {
    const embedding = join(home.path, 'embedding.gguf');
    await writeGguf(embedding, {
      metadata: new Map([
        ['general.architecture', gguf.string('llama')],
        ['general.type', gguf.string('adapter')],
        ['adapter.type', gguf.string('lora')],
        ['adapter.lora.alpha', gguf.float32(4)],
      ]),
      tensors: [
        { name: 'token_embd.weight.lora_a', type: 'F32', dims: [4, 300], values: new Float32Array(1200) },
        { name: 'token_embd.weight.lora_b', type: 'F32', dims: [4, 64], values: new Float32Array(256) },
      ],
    });
    expect((await exportError(() => exportPeftAdapter({ adapterPath: embedding, outDir: dir() }))).message).toMatch(/token_embd\.weight has no Hugging Face module/);
    expect((await exportError(() => exportPeftAdapter({ adapterPath: adapter, outDir: dir() }))).message).toMatch(/adapts blk\.0\.attn_q\.weight of a llama model: .* give the base model/);
    const wide = await fixtureModel('wide', { embd: 128, heads: 8, kvHeads: 4, ffn: 256, layers: 1 });
    expect((await exportError(() => exportPeftAdapter({ adapterPath: adapter, outDir: dir(), basePath: wide }))).message).toMatch(/does not fit the base/);
    const used = dir();
    mkdirSync(used);
    writeFileSync(join(used, 'keep.txt'), 'mine');
    const conflict = await exportError(() => exportPeftAdapter({ adapterPath: adapter, outDir: used, basePath: base }));
    expect(conflict.code).toBe('conflict');
    expect(readFileSync(join(used, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

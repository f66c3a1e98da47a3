import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLoraAdapter } from '../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { readGgufTensorValues } from '../../../electron/engine/adapters/interop/ggufTensorValues.ts';
import { permuteHeadRows } from '../../../electron/engine/adapters/interop/qkPermutation.ts';
import { metadataNumber, metadataString, readGguf, type GgufFile } from '../../../electron/engine/gguf/ggufReader.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, referenceQkPermute, transposed, writeMlxFolder, writePeftFolder, type ForeignModule } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';

const home = createTempHome('lora-import');
afterAll(() => home.cleanup());

// tiny-base: 2 layers, embd 64, 4 heads of 16, 2 KV heads, ffn 128, llama architecture.
let base: string;
beforeAll(async () => {
  base = await fixtureModel('tiny-base');
});

let counter = 0;
const folder = () => join(home.path, `adapter-${counter++}`);
const out = () => join(home.path, `imported-${counter++}.gguf`);

const q = (layer: number, rank = 4) => randomModule(`model.layers.${layer}.self_attn.q_proj`, rank, 64, 64, 3);
const k = (layer: number, rank = 4) => randomModule(`model.layers.${layer}.self_attn.k_proj`, rank, 64, 32, 3);
const v = (layer: number, rank = 4) => randomModule(`model.layers.${layer}.self_attn.v_proj`, rank, 64, 32, 3);
const down = (layer: number, rank = 4) => randomModule(`model.layers.${layer}.mlp.down_proj`, rank, 128, 64, 3);

function tensor(file: GgufFile, name: string): Float32Array {
  const info = file.tensors.find((entry) => entry.name === name);
  if (!info) throw new Error(`no tensor ${name} in ${file.path}`);
  return readGgufTensorValues(file, info);
}

async function importError(run: () => Promise<unknown>): Promise<WorkbenchError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('the import succeeded');
}

describe('q/k row permutation', () => {
  it('matches convert_hf_to_gguf.py’s reshape-swap-flatten, and export undoes it', () => {
    const rows = 64;
    const columns = 3;
    const values = Float32Array.from({ length: rows * columns }, (_, index) => index);
    for (const heads of [1, 2, 4, 8]) {
      const forward = permuteHeadRows(values, rows, columns, heads, 'hf-to-gguf', 'test');
      expect([...forward], `heads ${heads}`).toEqual([...referenceQkPermute(values, rows, columns, heads)]);
      expect([...permuteHeadRows(forward, rows, columns, heads, 'gguf-to-hf', 'test')]).toEqual([...values]);
    }
    // Within one head of 4 rows (x0 x1 | y0 y1 in Hugging Face's halves), llama.cpp wants x0 y0 x1 y1.
    const head = permuteHeadRows(Float32Array.from([10, 11, 20, 21]), 4, 1, 1, 'hf-to-gguf', 'test');
    expect([...head]).toEqual([10, 20, 11, 21]);
  });

  it('refuses rows that do not split into heads of an even size, naming the tensor', () => {
    expect(() => permuteHeadRows(new Float32Array(12), 12, 1, 4, 'hf-to-gguf', 'model.layers.0.self_attn.q_proj.lora_B')).toThrow(
      /q_proj\.lora_B: 12 output rows do not split into 4 heads of an even size/,
    );
  });
});

describe('PEFT → GGUF import', () => {
  it('writes llama.cpp’s adapter: alpha, names, ggml dims; A as is, B of q and k reordered by (KV) heads, others as is', async () => {
    const modules = [q(0), k(0), v(1), down(1)];
    const from = writePeftFolder(folder(), modules, { r: 4, lora_alpha: 8, base_model_name_or_path: 'meta-llama/Llama-3.2-1B' });
    const result = await importLoraAdapter({ from, basePath: base, out: out() });
    expect(result.format).toBe('peft');
    expect(result.alpha).toBe(8);
    expect(result.permutedQK).toEqual(['blk.0.attn_q.weight', 'blk.0.attn_k.weight']);
    expect(result.declaredBase).toBe('meta-llama/Llama-3.2-1B');

    const file = readGguf(result.path);
    expect(metadataString(file.metadata, 'general.type')).toBe('adapter');
    expect(metadataString(file.metadata, 'adapter.type')).toBe('lora');
    expect(metadataString(file.metadata, 'general.architecture')).toBe('llama');
    expect(metadataNumber(file.metadata, 'adapter.lora.alpha')).toBe(8);
    expect(metadataString(file.metadata, 'general.base_model.0.repo_url')).toBe('https://huggingface.co/meta-llama/Llama-3.2-1B');
    expect(file.tensors.map((entry) => [entry.name, entry.dims, entry.type])).toEqual([
      ['blk.0.attn_q.weight.lora_a', [64, 4], 'F32'],
      ['blk.0.attn_q.weight.lora_b', [4, 64], 'F32'],
      ['blk.0.attn_k.weight.lora_a', [64, 4], 'F32'],
      ['blk.0.attn_k.weight.lora_b', [4, 32], 'F32'],
      ['blk.1.attn_v.weight.lora_a', [64, 4], 'F32'],
      ['blk.1.attn_v.weight.lora_b', [4, 32], 'F32'],
      ['blk.1.ffn_down.weight.lora_a', [128, 4], 'F32'],
      ['blk.1.ffn_down.weight.lora_b', [4, 64], 'F32'],
    ]);
    const [qm, km, vm, dm] = modules as [ForeignModule, ForeignModule, ForeignModule, ForeignModule];
    expect(tensor(file, 'blk.0.attn_q.weight.lora_a')).toEqual(qm.a);
    expect(tensor(file, 'blk.0.attn_q.weight.lora_b')).toEqual(referenceQkPermute(qm.b, 64, 4, 4));
    expect(tensor(file, 'blk.0.attn_k.weight.lora_a')).toEqual(km.a);
    expect(tensor(file, 'blk.0.attn_k.weight.lora_b')).toEqual(referenceQkPermute(km.b, 32, 4, 2));
    expect(tensor(file, 'blk.1.attn_v.weight.lora_b')).toEqual(vm.b);
    expect(tensor(file, 'blk.1.ffn_down.weight.lora_a')).toEqual(dm.a);
    expect(tensor(file, 'blk.1.ffn_down.weight.lora_b')).toEqual(dm.b);
  });

  it('rsLoRA (scale α/√r) becomes alpha α·√r, since llama.cpp divides by r', async () => {
    const from = writePeftFolder(folder(), [v(0, 16)], { r: 16, lora_alpha: 8, use_rslora: true });
    const result = await importLoraAdapter({ from, basePath: base, out: out() });
    expect(result.alpha).toBe(32);
    expect(metadataNumber(readGguf(result.path).metadata, 'adapter.lora.alpha')).toBe(32);
  });

  it('rank_pattern and alpha_pattern: one alpha for the file, the odd module’s B carries its own scale', async () => {
    const modules = [v(0, 4), v(1, 8), down(0, 4)];
    const from = writePeftFolder(folder(), modules, {
      r: 4,
      lora_alpha: 8,
      rank_pattern: { 'model.layers.1.self_attn.v_proj': 8 },
      alpha_pattern: { down_proj: 2 },
    });
    const result = await importLoraAdapter({ from, basePath: base, out: out() });
    expect(result.alpha).toBe(8);
    expect(result.ranks).toEqual([4, 8]);
    expect(result.rescaled).toEqual(['model.layers.0.mlp.down_proj']);
    const file = readGguf(result.path);
    // llama.cpp applies alpha/rank = 8/4 to down_proj; PEFT applied 2/4, so B is a quarter.
    expect(tensor(file, 'blk.0.ffn_down.weight.lora_b')).toEqual(modules[2]!.b.map((value) => value * 0.25));
    expect(tensor(file, 'blk.1.attn_v.weight.lora_b')).toEqual(modules[1]!.b);
  });

  it('keeps F16 weights F16 and widens BF16 exactly to F32', async () => {
    const modules = [v(0)];
    const f16 = await importLoraAdapter({ from: writePeftFolder(folder(), modules, { r: 4, lora_alpha: 4 }, { dtype: 'F16' }), basePath: base, out: out() });
    expect(readGguf(f16.path).tensors.map((entry) => entry.type)).toEqual(['F16', 'F16']);
    const bf16 = await importLoraAdapter({ from: writePeftFolder(folder(), modules, { r: 4, lora_alpha: 4 }, { dtype: 'BF16' }), basePath: base, out: out() });
    const file = readGguf(bf16.path);
    expect(file.tensors.map((entry) => entry.type)).toEqual(['F32', 'F32']);
    // Every value is a bfloat16: its low 16 bits are zero.
    const bits = new Uint32Array(tensor(file, 'blk.0.attn_v.weight.lora_a').buffer);
    expect(bits.every((word) => (word & 0xffff) === 0)).toBe(true);
  });

  it('refuses, by name, what llama.cpp cannot express or what does not fit the base', async () => {
    const cases: [() => string, RegExp][] = [
      [() => writePeftFolder(folder(), [randomModule('model.layers.0.self_attn.qkv_proj', 4, 64, 192)], { r: 4 }), /no llama\.cpp tensor for module model\.layers\.0\.self_attn\.qkv_proj/],
      [() => writePeftFolder(folder(), [randomModule('model.layers.0.self_attn.q_proj', 4, 128, 64)], { r: 4 }), /model\.layers\.0\.self_attn\.q_proj \(128 in → 64 out\) does not fit blk\.0\.attn_q\.weight \(64 in → 64 out\)/],
      [() => writePeftFolder(folder(), [randomModule('model.layers.7.self_attn.q_proj', 4, 64, 64)], { r: 4 }), /model\.layers\.7\.self_attn\.q_proj → blk\.7\.attn_q\.weight: the base has no such tensor/],
      [() => writePeftFolder(folder(), [v(0)], { r: 8 }), /module model\.layers\.0\.self_attn\.v_proj has rank 4 but adapter_config\.json says 8/],
      [() => writePeftFolder(folder(), [v(0)], { r: 4, use_dora: true }), /use_dora is true/],
      [() => writePeftFolder(folder(), [v(0)], { r: 4, peft_type: 'IA3' }), /peft_type is IA3/],
      [() => writePeftFolder(folder(), [v(0)], { r: 4, lora_alpha: 0 }), /alpha 0 cannot be expressed/],
      [
        () =>
          writePeftFolder(folder(), [v(0)], { r: 4 }, {
            extraTensors: [{ name: 'base_model.model.model.embed_tokens.lora_embedding_A', dtype: 'F32', shape: [4, 300], values: new Float32Array(1200) }],
          }),
        /"base_model\.model\.model\.embed_tokens\.lora_embedding_A" is a token-embedding LoRA/,
      ],
      [
        () => writePeftFolder(folder(), [v(0)], { r: 4 }, { extraTensors: [{ name: 'base_model.model.lm_head.weight', dtype: 'F32', shape: [2], values: new Float32Array(2) }] }),
        /"base_model\.model\.lm_head\.weight" is not a lora_A\/lora_B weight/,
      ],
      [
        () => {
          const path = folder();
          mkdirSync(path);
          writeFileSync(join(path, 'adapter_model.bin'), 'pickle');
          return path;
        },
        /adapter_model\.bin, a PyTorch pickle/,
      ],
    ];
    for (const [make, message] of cases) {
      const from = make();
      const error = await importError(() => importLoraAdapter({ from, basePath: base, out: out() }));
      expect(error.message, String(message)).toMatch(message);
    }
  });

  it('refuses a base that is itself an adapter, and architectures without a tensor map', async () => {
    const from = writePeftFolder(folder(), [v(0)], { r: 4, lora_alpha: 4 });
    const adapter = (await importLoraAdapter({ from, basePath: base, out: out() })).path;
    expect((await importError(() => importLoraAdapter({ from, basePath: adapter, out: out() }))).message).toMatch(/is a LoRA adapter, not a base model/);
    // On a copy, so a regression could never overwrite the shared fixture.
    const copy = join(home.path, 'base-copy.gguf');
    copyFileSync(base, copy);
    expect((await importError(() => importLoraAdapter({ from, basePath: copy, out: copy }))).message).toMatch(/is the base model itself/);
    const phi2 = join(home.path, 'phi2.gguf');
    await writeGguf(phi2, {
      metadata: new Map([['general.architecture', gguf.string('phi2')], ['phi2.attention.head_count', gguf.uint32(4)]]),
      tensors: [{ name: 'blk.0.attn_v.weight', type: 'F32', dims: [64, 32], values: new Float32Array(64 * 32) }],
    });
    const unsupported = await importError(() => importLoraAdapter({ from, basePath: phi2, out: out() }));
    expect(unsupported.code).toBe('unsupported');
    expect(unsupported.message).toMatch(/Base architecture "phi2" .* has no tensor map/);
  });
});

describe('MLX → GGUF import', () => {
  it('transposes lora_a/lora_b back to PEFT’s layout and turns the absolute scale into alpha = scale·r', async () => {
    const modules = [q(1, 8), down(0, 8)];
    const from = writeMlxFolder(folder(), modules, { rank: 8, scale: 20 });
    const result = await importLoraAdapter({ from, basePath: base, out: out() });
    expect(result.format).toBe('mlx');
    expect(result.alpha).toBe(160);
    expect(result.permutedQK).toEqual(['blk.1.attn_q.weight']);
    const file = readGguf(result.path);
    expect(file.tensors.find((entry) => entry.name === 'blk.0.ffn_down.weight.lora_a')?.dims).toEqual([128, 8]);
    expect(tensor(file, 'blk.0.ffn_down.weight.lora_a')).toEqual(modules[1]!.a);
    expect(tensor(file, 'blk.0.ffn_down.weight.lora_b')).toEqual(modules[1]!.b);
    expect(tensor(file, 'blk.1.attn_q.weight.lora_b')).toEqual(referenceQkPermute(modules[0]!.b, 64, 8, 4));
    // Sanity of the fixture itself: MLX stored the transposes.
    expect(transposed(transposed(modules[0]!.a, 8, 64), 64, 8)).toEqual(modules[0]!.a);
  });

  it('refuses a DoRA MLX adapter by its fine_tune_type', async () => {
    const dora = writeMlxFolder(folder(), [v(0)], { rank: 4, scale: 10 }, { fine_tune_type: 'dora' });
    expect((await importError(() => importLoraAdapter({ from: dora, basePath: base, out: out() }))).message).toMatch(/fine_tune_type is "dora"/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importLoraAdapter } from '../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { writeGgufLoraAdapter } from '../../../electron/engine/adapters/interop/writeGgufLoraAdapter.ts';
import { ggufTargetOf } from '../../../electron/engine/adapters/interop/hfModuleNames.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, referenceQkPermute, writeMlxFolder, writePeftFolder, type ForeignModule } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { distance, LlamaProbe, writeMergedModel, writeNeoxTwin } from './llamaTwins.ts';

/**
 * Imported adapters must compute what they computed where they were trained. Two references, neither using
 * the importer: a merged model (W + scale·B·A written into the base) for the scaling rules, and a twin of the
 * llama base in Hugging Face's q/k layout for the q/k row reorder. "Same" means next-token distributions within
 * 1e-3 total variation and identical greedy answers; each test also shows its reference tells the wrong
 * conversion apart.
 */
const home = createTempHome('lora-import-math');
const probe = new LlamaProbe();
const prompt = 'The quick brown fox jumps over';
const same = 1e-3;
const different = 0.02;

let llama: string;
let twin: string;
let naiveTwin: string;
beforeAll(async () => {
  llama = await fixtureModel('tiny-base');
  twin = join(home.path, 'twin-hf-layout.gguf');
  naiveTwin = join(home.path, 'twin-llama-layout.gguf');
  await writeNeoxTwin(llama, twin, { unpermute: true });
  await writeNeoxTwin(llama, naiveTwin, { unpermute: false });
});
afterAll(async () => {
  await probe.dispose();
  home.cleanup();
});

let counter = 0;
const path = (name: string) => join(home.path, `${counter++}-${name}`);

// tiny-base: embd 64, 4 heads of 16, 2 KV heads, ffn 128.
const shapes: Record<string, [number, number]> = {
  q_proj: [64, 64],
  k_proj: [64, 32],
  v_proj: [64, 32],
  o_proj: [64, 64],
  gate_proj: [64, 128],
  up_proj: [64, 128],
  down_proj: [128, 64],
};
function modules(names: readonly string[], rank: number, seed: number): ForeignModule[] {
  return names.map((name) => {
    const [layer, short] = name.split(':') as [string, string];
    const group = short.endsWith('proj') && ['gate_proj', 'up_proj', 'down_proj'].includes(short) ? 'mlp' : 'self_attn';
    const [inputs, outputs] = shapes[short]!;
    return randomModule(`model.layers.${layer}.${group}.${short}`, rank, inputs, outputs, seed);
  });
}

/** Merged-weight deltas on the llama base: q/k rows reordered as its converter reorders the weights themselves. */
function llamaDeltas(source: readonly ForeignModule[], scale: number) {
  return source.map((module) => {
    const target = ggufTargetOf(module.module)!;
    const heads = /attn_q/.test(target) ? 4 : /attn_k/.test(target) ? 2 : 0;
    const b = heads ? referenceQkPermute(module.b, module.outputs, module.rank, heads) : module.b;
    return { target, scale, a: module.a, b, rank: module.rank };
  });
}

describe('the Hugging Face-layout twin (the q/k reference)', () => {
  it('computes what the llama base computes; without the q/k reorder it does not', async () => {
    const base = await probe.next(llama, prompt);
    expect(distance(base, await probe.next(twin, prompt))).toBeLessThan(same);
    expect(await probe.greedy(twin, prompt, 12)).toEqual(await probe.greedy(llama, prompt, 12));
    expect(distance(base, await probe.next(naiveTwin, prompt))).toBeGreaterThan(different);
  });
});

describe('PEFT import on a llama base', () => {
  it('q_proj/k_proj adapter: imported onto llama = the same adapter on the Hugging Face-layout twin; a copy without the reorder differs', async () => {
    const source = modules(['0:q_proj', '0:k_proj', '1:q_proj', '1:k_proj'], 4, 11);
    const peft = writePeftFolder(path('qk-peft'), source, { r: 4, lora_alpha: 8 });
    const onLlama = await importLoraAdapter({ from: peft, basePath: llama, out: path('qk-llama.gguf') });
    const onTwin = await importLoraAdapter({ from: peft, basePath: twin, out: path('qk-twin.gguf') });
    expect(onLlama.permutedQK).toHaveLength(4);
    expect(onTwin.permutedQK).toHaveLength(0);

    const reference = await probe.next(twin, prompt, onTwin.path);
    expect(distance(reference, await probe.next(twin, prompt))).toBeGreaterThan(0.05); // the adapter matters…
    expect(distance(reference, await probe.next(llama, prompt, onLlama.path))).toBeLessThan(same); // …and survives the import
    expect(await probe.greedy(llama, prompt, 12, onLlama.path)).toEqual(await probe.greedy(twin, prompt, 12, onTwin.path));

    const naive = path('qk-naive.gguf');
    await writeGgufLoraAdapter(naive, {
      architecture: 'llama',
      alpha: 8,
      name: 'copied without the q/k reorder',
      pairs: source.map((module) => ({ ...module, target: ggufTargetOf(module.module)!, source: module.module, alpha: 8, dtype: 'F32' as const })),
    });
    expect(distance(reference, await probe.next(llama, prompt, naive))).toBeGreaterThan(different);
  });

  it('matches the merged weights: α/r, and α/√r with rsLoRA', async () => {
    const source = modules(['0:q_proj', '0:v_proj', '0:o_proj', '1:gate_proj', '1:up_proj', '1:down_proj'], 4, 12);
    const plain = await importLoraAdapter({ from: writePeftFolder(path('plain'), source, { r: 4, lora_alpha: 8 }), basePath: llama, out: path('plain.gguf') });
    const rs = await importLoraAdapter({ from: writePeftFolder(path('rs'), source, { r: 4, lora_alpha: 8, use_rslora: true }), basePath: llama, out: path('rs.gguf') });
    const mergedPlain = path('merged-plain.gguf');
    const mergedRs = path('merged-rs.gguf');
    await writeMergedModel(llama, mergedPlain, llamaDeltas(source, 8 / 4));
    await writeMergedModel(llama, mergedRs, llamaDeltas(source, 8 / Math.sqrt(4)));

    const truthPlain = await probe.next(mergedPlain, prompt);
    const truthRs = await probe.next(mergedRs, prompt);
    expect(distance(truthPlain, truthRs)).toBeGreaterThan(different); // the two scales are told apart
    expect(distance(truthPlain, await probe.next(llama, prompt))).toBeGreaterThan(0.05);
    expect(distance(truthPlain, await probe.next(llama, prompt, plain.path))).toBeLessThan(same);
    expect(distance(truthRs, await probe.next(llama, prompt, rs.path))).toBeLessThan(same);
    expect(await probe.greedy(llama, prompt, 12, rs.path)).toEqual(await probe.greedy(mergedRs, prompt, 12));
  });
});

describe('MLX import on a llama base', () => {
  it('matches the merged weights with MLX’s absolute scale (transposed storage, q rows reordered)', async () => {
    const source = modules(['0:q_proj', '1:v_proj', '1:down_proj'], 4, 13);
    const imported = await importLoraAdapter({ from: writeMlxFolder(path('mlx'), source, { rank: 4, scale: 3 }), basePath: llama, out: path('mlx.gguf') });
    const merged = path('merged-mlx.gguf');
    await writeMergedModel(llama, merged, llamaDeltas(source, 3));
    const truth = await probe.next(merged, prompt);
    expect(distance(truth, await probe.next(llama, prompt))).toBeGreaterThan(0.05);
    expect(distance(truth, await probe.next(llama, prompt, imported.path))).toBeLessThan(same);
    expect(await probe.greedy(llama, prompt, 12, imported.path)).toEqual(await probe.greedy(merged, prompt, 12));
  });
});

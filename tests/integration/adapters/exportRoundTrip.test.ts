import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { exportPeftAdapter } from '../../../electron/engine/adapters/interop/exportPeftAdapter.ts';
import { importLoraAdapter } from '../../../electron/engine/adapters/interop/importLoraAdapter.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { distance, LlamaProbe, writeNeoxTwin } from './llamaTwins.ts';

/**
 * An adapter that leaves as PEFT must mean the same thing there: brought back it answers as before, and in
 * Hugging Face's q/k layout (the qwen2 twin of the llama base, which computes what the base computes) it
 * changes the model exactly as the original changes the llama base.
 */
const home = createTempHome('lora-export-round-trip');
const probe = new LlamaProbe();
const prompts = ['The quick brown fox jumps over', 'Once upon a time'];

let llama: string;
let twin: string;
let adapter: string;
beforeAll(async () => {
  llama = await fixtureModel('tiny-base');
  twin = join(home.path, 'twin-hf-layout.gguf');
  await writeNeoxTwin(llama, twin, { unpermute: true });
  adapter = await fixtureLoraAdapter('tiny-base', { rank: 4, alpha: 8, seed: 9 });
});
afterAll(async () => {
  await probe.dispose();
  home.cleanup();
});

describe('ours → PEFT → ours', () => {
  it('gives the same greedy answers as the original adapter (which differ from the base’s)', async () => {
    const peft = join(home.path, 'peft');
    await exportPeftAdapter({ adapterPath: adapter, outDir: peft, basePath: llama });
    const back = await importLoraAdapter({ from: peft, basePath: llama, out: join(home.path, 'back.gguf') });
    for (const prompt of prompts) {
      const original = await probe.greedy(llama, prompt, 16, adapter);
      expect(await probe.greedy(llama, prompt, 16, back.path), prompt).toEqual(original);
      expect(await probe.greedy(llama, prompt, 16), prompt).not.toEqual(original);
    }
  });

  it('the exported PEFT adapter, applied in Hugging Face’s layout, does what the original does on the llama base', async () => {
    const peft = join(home.path, 'peft-for-twin');
    await exportPeftAdapter({ adapterPath: adapter, outDir: peft, basePath: llama });
    // qwen2 keeps Hugging Face's row order, so this import copies the exported tensors unchanged.
    const onTwin = await importLoraAdapter({ from: peft, basePath: twin, out: join(home.path, 'on-twin.gguf') });
    expect(onTwin.permutedQK).toEqual([]);
    for (const prompt of prompts) {
      const original = await probe.next(llama, prompt, adapter);
      expect(distance(original, await probe.next(llama, prompt))).toBeGreaterThan(0.05);
      expect(distance(original, await probe.next(twin, prompt, onTwin.path)), prompt).toBeLessThan(1e-3);
    }
  });
});

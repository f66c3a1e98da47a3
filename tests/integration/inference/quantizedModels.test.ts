import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import { scoreText } from '../../../electron/engine/inference/scoreText.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { nativeTrainer } from '../native/trainerFixtures.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

/**
 * Quantized models through the inference host. Most models people load are Q8_0/Q4 files, whose matrix multiplies
 * run other kernels than F32's — on an AMX Xeon, ggml's AMX kernels, which crash in VMs (scripts/llama/amx.mjs):
 * a build that keeps them loses the host on the first multi-token prompt here. The quantized copies are made by
 * the trainer addon's quantizer from the same random model, so their scores must stay close to the original's.
 */
describe('quantized models (Q8_0, Q4_0) in the inference host', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let dir: string;
  const models = new Map<string, ModelEntry>();
  const text = 'The quick brown fox jumps over the lazy dog, and the dog sleeps on.';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wb-quantized-'));
    engine = createModelsTestEngine('quantized');
    const original = await fixtureModel('tiny-base');
    for (const type of ['F32', 'Q8_0', 'Q4_0'] as const) {
      const path = type === 'F32' ? original : join(dir, `tiny-base-${type}.gguf`);
      if (type !== 'F32') await nativeTrainer().quantizeModel(original, path, type);
      models.set(type, ((await engine.call('models.add', { path })) as { model: ModelEntry }).model);
    }
  });
  afterAll(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('score a text within quantization error of the F32 original, token by token', async () => {
    const score = async (type: string) => await scoreText(engine.services, { model: models.get(type)!.id, text });
    const reference = await score('F32');
    expect(reference.tokens.length).toBeGreaterThan(20); // a multi-token prompt: the batched (prefill) kernels run
    expect(reference.loss).toBeGreaterThan(0);
    // Measured here: mean loss 9.71 nats/token (a random model is confidently wrong); Q8_0 moves it by 0.009 (worst
    // token 0.12), Q4_0 by 0.16 (worst token 1.8).
    for (const [type, lossTolerance, tokenTolerance] of [['Q8_0', 0.05, 0.5], ['Q4_0', 0.5, 4]] as const) {
      const quantized = await score(type);
      expect(quantized.tokens.map((token) => token.id)).toEqual(reference.tokens.map((token) => token.id));
      expect(Math.abs(quantized.loss! - reference.loss!), `${type} loss`).toBeLessThan(lossTolerance);
      const worst = Math.max(...quantized.tokens.map((token, index) => Math.abs((token.logprob ?? 0) - (reference.tokens[index]!.logprob ?? 0))));
      expect(worst, `${type} largest per-token difference`).toBeLessThan(tokenTolerance);
      // Quantization changes the weights: identical numbers would mean the F32 file was scored twice.
      expect(quantized.loss).not.toBe(reference.loss);
    }
    expect(engine.services.hosts.inference.status()).toMatchObject({ state: 'ready', restarts: 0 });
  });

  it('generate from a multi-token prompt and reproduce with the same seed', async () => {
    for (const type of ['Q8_0', 'Q4_0']) {
      const run = async () =>
        await generateText(engine.services, { model: models.get(type)!.id, prompt: text, maxTokens: 16, sampling: { temperature: 0.8, seed: 5 } });
      const first = await run();
      expect(first.tokens.length, type).toBeGreaterThan(0);
      expect((await run()).text, type).toBe(first.text);
    }
    expect(engine.services.hosts.inference.status()).toMatchObject({ state: 'ready', restarts: 0 });
  });
});

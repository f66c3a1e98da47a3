import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { chatExample, finiteDifferences, loraSessionOptions, nativeTrainer, relativeDistance } from './trainerFixtures.ts';

/**
 * The gradients ggml's backward pass gives the LoRA weights are the true gradients of the loss: checked against
 * central finite differences on a tiny F32 model (patch 0002's micro-batch graph, patch 0003's attention to the
 * current K/V — without it the K/V adapters get no gradient at all), and for F16/BF16/Q8_0/Q4_0 bases (patch 0001's
 * dequantize-transpose-multiply backward) against the same weights in F32.
 */
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let dir: string;
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-grad-'));
  modelPath = await fixtureModel('grad-check', shape);
  // random A and B, so both get non-zero gradients (a fresh adapter has B = 0 and so dL/dA = 0)
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function session(path: string): Promise<TrainingSession> {
  return nativeTrainer().createSession(loraSessionOptions(path, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath } }));
}

function example(s: TrainingSession) {
  return chatExample(s, 'hi there', 'hello there friend');
}

describe('native trainer gradients', () => {
  it('match central finite differences for every adapted projection, K and V included', async () => {
    const s = await session(modelPath);
    try {
      const batch = { sequences: [example(s)] };
      const { loss, gradients } = await s.computeGradients(batch);
      expect((await s.evalLoss(batch)).loss).toBeCloseTo(loss, 4);
      const names = s.parameterNames();
      expect(names).toHaveLength(2 * 2 * 7); // 2 layers × 7 projections × (A, B)
      let checked = 0;
      for (const name of names) {
        for (const { index, analytic, numeric } of await finiteDifferences(s, name, gradients.get(name)!, async () => (await s.evalLoss(batch)).loss)) {
          expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-3);
          expect(Math.abs(numeric - analytic) / Math.abs(numeric), `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.01);
          checked++;
        }
      }
      expect(checked).toBe(56);
    } finally {
      s.dispose();
    }
  });

  it('the training graph gives the same log-probs as llama_decode, with and without the adapter', async () => {
    const s = await session(modelPath);
    try {
      const sequence = example(s);
      sequence.trainMask.fill(1, 1); // every position, so each row of both graphs is compared
      for (const adapter of [true, false]) {
        const [training] = await s.sequenceLogProbs([sequence], { adapter });
        const [inference] = await s.sequenceLogProbs([sequence], { adapter, inferenceGraph: true });
        expect(training!.targetTokens).toBe(sequence.tokens.length - 1);
        for (let i = 0; i < training!.tokenLogProbs.length; i++) {
          // the decode path keeps K/V in an F16 cache, the training graph in F32
          expect(Math.abs(training!.tokenLogProbs[i]! - inference!.tokenLogProbs[i]!)).toBeLessThan(0.02);
        }
      }
      const [withAdapter] = await s.sequenceLogProbs([sequence]);
      const [withoutAdapter] = await s.sequenceLogProbs([sequence], { adapter: false });
      expect(Math.abs(withAdapter!.logProb - withoutAdapter!.logProb)).toBeGreaterThan(0.1);
    } finally {
      s.dispose();
    }
  });

  it.each(['F16', 'BF16', 'Q8_0', 'Q4_0'] as const)('a frozen %s base gives the gradients of the same weights in F32', async (type) => {
    const trainer = nativeTrainer();
    const converted = join(dir, `base-${type}.gguf`);
    const reference = join(dir, `base-${type}-as-f32.gguf`);
    await trainer.quantizeModel(modelPath, converted, type);
    await trainer.quantizeModel(converted, reference, 'F32'); // the very values the converted base holds
    const support = trainer.inspectModel(converted);
    expect(support.lora.supported).toBe(true);
    expect(support.full.supported).toBe(false);
    expect(support.full.reason).toMatch(/needs an F32 model/);

    const results = [];
    for (const path of [converted, reference]) {
      const s = await session(path);
      try {
        results.push(await s.computeGradients({ sequences: [example(s)] }));
      } finally {
        s.dispose();
      }
    }
    const [low, full] = results as [(typeof results)[0], (typeof results)[0]];
    expect(Math.abs(low.loss - full.loss) / full.loss).toBeLessThan(0.02);
    // what remains is the forward pass rounding activations to the weight's dot-product type (F16/BF16/Q8_K…)
    expect(relativeDistance(low.gradients, full.gradients)).toBeLessThan(0.1);
  });
});

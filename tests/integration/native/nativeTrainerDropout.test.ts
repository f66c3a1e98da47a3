import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DpoBatch, PreferencePair, TrainingSession, TrainingSessionOptions } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, allTargets, chatExample, finiteDifferences, loraSessionOptions, nativeTrainer, qaPairs, relativeDistance } from './trainerFixtures.ts';

/**
 * LoRA dropout (native/patches/0004): in training steps each adapted projection computes W·x + s·B·A·(m ⊙ x) with
 * its own inverted-dropout mask m (0 with probability p, else 1/(1−p)), fresh for every step and micro-batch and
 * drawn from the session seed and the step. Checked here: the gradients are those of the masked loss (finite
 * differences at a fixed step, where the masks repeat), dropout 0 is the plain path, the masks are reproducible
 * from the seed and survive a checkpoint, evaluation never drops, E[m] = 1 (the 1/(1−p) scale), and SFT still learns.
 */
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let dir: string;
let modelPath: string;
let adapterPath: string;
let chatModelPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-dropout-'));
  modelPath = await fixtureModel('grad-check', shape);
  // random A and B: every LoRA branch contributes, so its mask changes the loss (with B = 0 it could not)
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
  chatModelPath = await fixtureModel('tiny-chat');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(dropout: number | undefined, overrides: Partial<TrainingSessionOptions> = {}): TrainingSessionOptions {
  return loraSessionOptions(modelPath, {
    lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath, ...(dropout === undefined ? {} : { dropout }) },
    ...overrides,
  });
}

async function withSession<T>(input: TrainingSessionOptions, body: (s: TrainingSession) => Promise<T>): Promise<T> {
  const s = await nativeTrainer().createSession(input);
  try {
    return await body(s);
  } finally {
    s.dispose();
  }
}

function examples(s: TrainingSession) {
  return [chatExample(s, 'hi there', 'hello there friend'), chatExample(s, 'where is it?', 'under the mat.')];
}

/** A step that changes no weight (lr 0) but moves the step counter, so the next call draws new masks. */
const frozen = adamw({ lr: 0 });

describe('native trainer LoRA dropout', () => {
  it('gradients are those of the masked loss: central finite differences at a fixed step', async () => {
    await withSession(options(0.3), async (s) => {
      const batch = { sequences: examples(s) };
      const { loss, gradients } = await s.computeGradients(batch);
      const again = await s.computeGradients(batch);
      expect(again.loss).toBe(loss); // same step, same masks
      expect(relativeDistance(again.gradients, gradients)).toBe(0);
      const evaluated = (await s.evalLoss(batch)).loss;
      expect(Math.abs(loss - evaluated), 'the training loss is the dropped-out one').toBeGreaterThan(1e-3);
      let checked = 0;
      let worst = 0;
      for (const name of s.parameterNames()) {
        for (const { index, analytic, numeric } of await finiteDifferences(s, name, gradients.get(name)!, async () => (await s.computeGradients(batch)).loss)) {
          expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-3);
          const relative = Math.abs(numeric - analytic) / Math.abs(numeric);
          expect(relative, `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.02);
          worst = Math.max(worst, relative);
          checked++;
        }
      }
      expect(checked).toBe(56); // 2 layers × 7 projections × (A, B) × 2 entries
      console.log(`dropout 0.3 gradient check: loss ${loss.toFixed(5)} (no dropout ${evaluated.toFixed(5)}), worst relative error ${worst.toExponential(2)} over ${checked} entries`);
    });
  });

  it('dropout 0 is the plain path: same losses, gradients and weights as no dropout option, no randomness', async () => {
    const runs: { gradients: Map<string, Float32Array>; losses: number[]; weights: Map<string, Float32Array>; evaluated: number }[] = [];
    for (const dropout of [undefined, 0]) {
      runs.push(
        await withSession(options(dropout), async (s) => {
          const batch = { sequences: examples(s) };
          const first = await s.computeGradients(batch);
          const losses = [(await s.trainStep(batch)).loss, (await s.trainStep(batch)).loss];
          expect(losses[0]).toBe(first.loss);
          return {
            gradients: first.gradients,
            losses,
            weights: new Map(s.parameterNames().map((name) => [name, s.readParameter(name)])),
            evaluated: (await s.evalLoss(batch)).loss,
          };
        }),
      );
    }
    const [omitted, zero] = runs as [(typeof runs)[0], (typeof runs)[0]];
    expect(zero.losses).toEqual(omitted.losses);
    expect(relativeDistance(zero.gradients, omitted.gradients)).toBe(0);
    expect(relativeDistance(zero.weights, omitted.weights)).toBe(0);
    expect(zero.evaluated).toBe(omitted.evaluated);
    // and without masks a step that changes nothing gives exactly the same loss and gradients again
    await withSession(options(0, { optimizer: frozen }), async (s) => {
      const batch = { sequences: examples(s) };
      const before = await s.computeGradients(batch);
      await s.trainStep(batch);
      const after = await s.computeGradients(batch);
      expect(after.loss).toBe(before.loss);
      expect(relativeDistance(after.gradients, before.gradients)).toBe(0);
    });
  });

  it('masks repeat with the seed, change with the seed and the step, and evaluation never drops', async () => {
    const trajectory = (seed: number) =>
      withSession(options(0.3, { seed }), async (s) => {
        const batch = { sequences: examples(s) };
        const evaluated = [(await s.evalLoss(batch)).loss, (await s.evalLoss(batch)).loss];
        const logProbs = (await s.sequenceLogProbs(batch.sequences)).map((r) => r.logProb);
        const losses = [(await s.trainStep(batch)).loss, (await s.trainStep(batch)).loss];
        return { evaluated, logProbs, losses };
      });
    const a = await trajectory(7);
    const b = await trajectory(7);
    const other = await trajectory(8);
    expect(b.losses).toEqual(a.losses);
    // the adapter comes from a file, so the seed changes only the masks
    expect(other.evaluated).toEqual(a.evaluated);
    expect(Math.abs(other.losses[0]! - a.losses[0]!)).toBeGreaterThan(1e-4);
    expect(a.evaluated[1]).toBe(a.evaluated[0]);
    expect(Math.abs(a.losses[0]! - a.evaluated[0]!)).toBeGreaterThan(1e-3);
    // evaluation equals that of a session without dropout, bit for bit
    const plain = await withSession(options(0), async (s) => ({
      evaluated: (await s.evalLoss({ sequences: examples(s) })).loss,
      logProbs: (await s.sequenceLogProbs(examples(s))).map((r) => r.logProb),
    }));
    expect(a.evaluated[0]).toBe(plain.evaluated);
    expect(a.logProbs).toEqual(plain.logProbs);

    // a new step draws new masks: with lr 0 the weights stay, the loss moves
    await withSession(options(0.3, { optimizer: frozen }), async (s) => {
      const batch = { sequences: examples(s) };
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push((await s.trainStep(batch)).loss);
      expect(new Set(losses).size).toBe(3);
    });
  });

  it('kept values are scaled by 1/(1−p): with B = 0 the gradient of B is linear in the mask and averages to the plain one', async () => {
    // A fresh adapter has B = 0, so the forward pass (and the loss) ignores the masks and dL/dB = s·g·(A(m ⊙ x))ᵀ is
    // linear in m: its mean over masks is the plain gradient exactly when E[m] = 1. Without the 1/(1−p) scale it
    // would be (1−p) times it.
    const p = 0.5;
    const fresh = (dropout: number) =>
      loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 8, targets: [...allTargets], dropout }, optimizer: frozen, seed: 11 });
    const plain = await withSession(fresh(0), async (s) => s.computeGradients({ sequences: examples(s) }));
    const masks = 64;
    const { mean, single, losses } = await withSession(fresh(p), async (s) => {
      const batch = { sequences: examples(s) };
      const sum = new Map<string, Float64Array>();
      let first: Map<string, Float32Array> | null = null;
      const seen: number[] = [];
      for (let i = 0; i < masks; i++) {
        const { loss, gradients } = await s.computeGradients(batch);
        seen.push(loss);
        first ??= gradients;
        for (const [name, g] of gradients) {
          if (!name.endsWith('lora_b')) continue;
          const acc = sum.get(name) ?? new Float64Array(g.length);
          for (let j = 0; j < g.length; j++) acc[j]! += g[j]!;
          sum.set(name, acc);
        }
        await s.trainStep(batch); // lr 0: next step, next masks
      }
      const averaged = new Map([...sum].map(([name, acc]) => [name, Float32Array.from(acc, (v) => v / masks)]));
      return { mean: averaged, single: first!, losses: seen };
    });
    const plainB = new Map([...plain.gradients].filter(([name]) => name.endsWith('lora_b')));
    const singleB = new Map([...single].filter(([name]) => name.endsWith('lora_b')));
    for (const loss of losses) expect(loss).toBe(plain.loss);
    const oneMask = relativeDistance(singleB, plainB);
    const averaged = relativeDistance(mean, plainB);
    // the mean gradient's component along the plain one: 1 when E[m] = 1, 1−p = 0.5 without the 1/(1−p) scale; the
    // mask noise spreads over every entry of B, so this one number settles much faster than the distance
    let dot = 0;
    let norm = 0;
    for (const [name, g] of plainB) {
      const m = mean.get(name)!;
      for (let j = 0; j < g.length; j++) {
        dot += m[j]! * g[j]!;
        norm += g[j]! * g[j]!;
      }
    }
    const scale = dot / norm;
    console.log(
      `dropout ${p}: dL/dB relative distance to the plain gradient, one mask ${oneMask.toFixed(4)}, mean of ${masks} masks ` +
        `${averaged.toFixed(4)}; component of the mean along the plain gradient ${scale.toFixed(4)}`,
    );
    expect(oneMask).toBeGreaterThan(0.05); // a mask does change the gradient
    expect(averaged).toBeLessThan(oneMask / 3); // and the masks average out
    expect(Math.abs(scale - 1)).toBeLessThan(0.05);
    // and A gets no gradient while B = 0, masks or not
    for (const [name, g] of single) if (name.endsWith('lora_a')) expect(g.every((v) => v === 0)).toBe(true);
  });

  it('DPO with dropout: packed and separate gradients are those of their masked loss; evalDpo does not drop', async () => {
    const dpo = { beta: 0.5 };
    for (const packSequences of [true, false]) {
      await withSession(options(0.3, { packSequences }), async (s) => {
        const pairs: PreferencePair[] = [];
        for (const [user, chosen, rejected] of [['hi there', 'hello there friend', 'go away'], ['where is it?', 'under the mat.', 'no idea, sorry']] as const) {
          const c = chatExample(s, user, chosen);
          const r = chatExample(s, user, rejected);
          const [refC, refR] = await s.sequenceLogProbs([c, r], { adapter: false });
          pairs.push({ chosen: c, rejected: r, referenceChosenLogProb: refC!.logProb, referenceRejectedLogProb: refR!.logProb });
        }
        const batch: DpoBatch = { pairs };
        const { loss, gradients } = await s.computeDpoGradients(batch, dpo);
        expect((await s.computeDpoGradients(batch, dpo)).loss).toBe(loss);
        const evaluated = (await s.evalDpo(batch, dpo)).loss;
        expect((await s.evalDpo(batch, dpo)).loss).toBe(evaluated);
        expect(Math.abs(loss - evaluated)).toBeGreaterThan(1e-4);
        let worst = 0;
        for (const name of s.parameterNames().filter((n) => /blk\.[01]\.(attn_q|attn_v|ffn_down)/.test(n))) {
          for (const { index, analytic, numeric } of await finiteDifferences(s, name, gradients.get(name)!, async () => (await s.computeDpoGradients(batch, dpo)).loss)) {
            expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-4);
            const relative = Math.abs(numeric - analytic) / Math.abs(numeric);
            expect(relative, `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.02);
            worst = Math.max(worst, relative);
          }
        }
        console.log(`DPO dropout 0.3 (${packSequences ? 'packed' : 'separate'}): loss ${loss.toFixed(5)} (no dropout ${evaluated.toFixed(5)}), worst relative error ${worst.toExponential(2)}`);
      });
    }
  });

  it('a checkpoint resumes with the masks the uninterrupted run draws', async () => {
    const optimizer = adamw({ lr: 5e-3, schedule: { kind: 'cosine', warmupSteps: 1, totalSteps: 6 } });
    const chat = loraSessionOptions(chatModelPath, { optimizer, lora: { rank: 8, alpha: 16, targets: [...allTargets], dropout: 0.1 } });
    const checkpoint = join(dir, 'step-2');
    const run = async (s: TrainingSession, steps: number) => {
      const batch = { sequences: qaPairs.map(([q, a]) => chatExample(s, q, a)) };
      const losses: number[] = [];
      for (let i = 0; i < steps; i++) losses.push((await s.trainStep(batch)).loss);
      return losses;
    };
    const expected = await withSession(chat, async (s) => {
      await run(s, 2);
      await s.saveCheckpoint(checkpoint);
      return run(s, 3);
    });
    const resumed = (seed: number) =>
      withSession({ ...chat, seed }, async (s) => {
        await s.loadCheckpoint(checkpoint);
        return run(s, 3);
      });
    expect(await resumed(chat.seed)).toEqual(expected);
    // the weights all come from the checkpoint, the masks from the run's seed: another seed draws other masks
    const otherSeed = await resumed(chat.seed + 1);
    expect(Math.abs(otherSeed[0]! - expected[0]!)).toBeGreaterThan(1e-4);
  });

  it('refuses dropout outside [0, 1) and dropout on a full-parameter session', async () => {
    const trainer = nativeTrainer();
    await expect(trainer.createSession(options(1))).rejects.toMatchObject({ code: 'bad_input', details: { field: 'lora.dropout' } });
    await expect(trainer.createSession({ ...options(0.1), mode: 'full' })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/loraDropout applies to LoRA adapters/),
    });
  });

  it('SFT with dropout 0.1 still learns', async () => {
    const chat = loraSessionOptions(chatModelPath, {
      optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 3, totalSteps: 40, minLrRatio: 0.1 } }),
      lora: { rank: 8, alpha: 16, targets: [...allTargets], dropout: 0.1 },
    });
    await withSession(chat, async (s) => {
      const batch = { sequences: qaPairs.map(([q, a]) => chatExample(s, q, a)) };
      const before = (await s.evalLoss(batch)).loss;
      for (let step = 0; step < 40; step++) await s.trainStep(batch);
      const after = (await s.evalLoss(batch)).loss;
      console.log(`SFT with dropout 0.1: eval loss ${before.toFixed(3)} → ${after.toFixed(3)} in 40 steps`);
      expect(after).toBeLessThan(before * 0.1);
    });
  });
});

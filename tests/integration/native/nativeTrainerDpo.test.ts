import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DpoBatch, PreferencePair, TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, chatExample, finiteDifferences, loraSessionOptions, nativeTrainer, relativeDistance } from './trainerFixtures.ts';

/**
 * DPO in the native trainer (issue 8): the gradients ggml's backward pass gives for the DPO loss (chosen and
 * rejected packed into one micro-batch, the loss built from their summed log-probs) are the true gradients of the
 * loss evalDpo reports (central finite differences), with β and label smoothing; the separate path (one answer per
 * micro-batch, weighted by the loss's slope) gives the same gradients; metrics follow TRL's definitions; only the
 * answer tokens count.
 */
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  modelPath = await fixtureModel('grad-check', shape);
  // random A and B, so both get non-zero gradients and the policy differs from the base (the reference here)
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
});

async function session(overrides: { packSequences?: boolean; contextLength?: number } = {}): Promise<TrainingSession> {
  return nativeTrainer().createSession(
    loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath }, ...overrides }),
  );
}

const texts = [
  ['hi there', 'hello there friend', 'go away'],
  ['where is it?', 'under the mat.', 'no idea, sorry'],
] as const;

/** Pairs whose reference is the frozen base (adapter off), as a DPO run from a fresh adapter computes them. */
async function basePairs(s: TrainingSession): Promise<PreferencePair[]> {
  const pairs: PreferencePair[] = [];
  for (const [user, chosen, rejected] of texts) {
    const c = chatExample(s, user, chosen);
    const r = chatExample(s, user, rejected);
    const [refC, refR] = await s.sequenceLogProbs([c, r], { adapter: false });
    pairs.push({ chosen: c, rejected: r, referenceChosenLogProb: refC!.logProb, referenceRejectedLogProb: refR!.logProb });
  }
  return pairs;
}

describe('native trainer DPO', () => {
  it.each([
    { beta: 0.5, labelSmoothing: 0 },
    { beta: 0.3, labelSmoothing: 0.2 }, // |z| about 1: both softplus terms carry gradient
  ])('gradients match central finite differences of the DPO loss (%o)', async (options) => {
    const s = await session();
    try {
      const batch: DpoBatch = { pairs: await basePairs(s) };
      const { loss, gradients } = await s.computeDpoGradients(batch, options);
      const evaluated = await s.evalDpo(batch, options);
      expect(evaluated.loss).toBeCloseTo(loss, 4);
      expect(Math.abs(evaluated.rewardsMargins)).toBeGreaterThan(1e-3); // the policy is not the reference
      let checked = 0;
      let worst = 0;
      for (const name of s.parameterNames().filter((n) => /blk\.[01]\.(attn_q|attn_v|ffn_down)/.test(n))) {
        for (const { index, analytic, numeric } of await finiteDifferences(s, name, gradients.get(name)!, async () => (await s.evalDpo(batch, options)).loss)) {
          expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-4);
          const relative = Math.abs(numeric - analytic) / Math.abs(numeric);
          expect(relative, `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.02);
          worst = Math.max(worst, relative);
          checked++;
        }
      }
      expect(checked).toBe(24); // 2 layers × 3 projections × (A, B) × 2 entries
      console.log(`DPO gradient check ${JSON.stringify(options)}: loss ${loss.toFixed(5)}, worst relative error ${worst.toExponential(2)} over ${checked} entries`);
    } finally {
      s.dispose();
    }
  });

  it('one answer per micro-batch (separate path) gives the packed path its loss and gradients', async () => {
    const packed = await session();
    const separate = await session({ packSequences: false });
    try {
      const options = { beta: 1, labelSmoothing: 0.1 };
      const batch: DpoBatch = { pairs: await basePairs(packed) };
      const a = await packed.computeDpoGradients(batch, options);
      const b = await separate.computeDpoGradients(batch, options);
      expect(Math.abs(a.loss - b.loss) / b.loss).toBeLessThan(1e-4); // float CE sums vs double log-softmax
      expect(relativeDistance(a.gradients, b.gradients)).toBeLessThan(1e-4);
      const progress: number[][] = [];
      await packed.dpoStep(batch, options, (p) => progress.push([p.microBatch, p.microBatches]));
      expect(progress).toEqual([[1, 1]]); // both pairs, four answers, one micro-batch
      progress.length = 0;
      await separate.dpoStep(batch, options, (p) => progress.push([p.microBatch, p.microBatches]));
      expect(progress).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    } finally {
      packed.dispose();
      separate.dispose();
    }
  });

  it('a pair longer than the context can hold twice trains through the separate path with the same gradients', async () => {
    const small = await session({ contextLength: 256 });
    const large = await session({ contextLength: 512 });
    try {
      const long = 'the answer goes on and on, '.repeat(5);
      const c = chatExample(small, 'tell me a long story please', `${long}and it ends well.`);
      const r = chatExample(small, 'tell me a long story please', `${long}and it ends badly.`);
      expect(c.tokens.length).toBeLessThanOrEqual(256);
      expect(c.tokens.length + r.tokens.length).toBeGreaterThan(256);
      const [refC, refR] = await small.sequenceLogProbs([c, r], { adapter: false });
      const batch: DpoBatch = { pairs: [{ chosen: c, rejected: r, referenceChosenLogProb: refC!.logProb, referenceRejectedLogProb: refR!.logProb }] };
      const options = { beta: 0.3 };
      const progress: number[] = [];
      const a = await small.computeDpoGradients(batch, options);
      const b = await large.computeDpoGradients(batch, options);
      expect(Math.abs(a.loss - b.loss) / b.loss).toBeLessThan(1e-4); // float CE sums vs double log-softmax
      expect(relativeDistance(a.gradients, b.gradients)).toBeLessThan(1e-4);
      await small.dpoStep(batch, options, (p) => progress.push(p.microBatches));
      expect(progress).toEqual([2, 2]);
    } finally {
      small.dispose();
      large.dispose();
    }
  });

  it('with the policy as its own reference the loss is ln 2 and the rewards 0; dpoStep reports the metrics evalDpo gives before the update', async () => {
    const s = await session();
    try {
      const options = { beta: 0.1 };
      const own = await basePairs(s);
      for (const pair of own) {
        const [c, r] = await s.sequenceLogProbs([pair.chosen, pair.rejected]);
        pair.referenceChosenLogProb = c!.logProb;
        pair.referenceRejectedLogProb = r!.logProb;
      }
      const self = await s.evalDpo({ pairs: own }, options);
      expect(self.loss).toBeCloseTo(Math.LN2, 6);
      expect(self.rewardsChosen).toBeCloseTo(0, 6);
      expect(self.rewardsRejected).toBeCloseTo(0, 6);
      expect(self.rewardsAccuracies).toBe(0); // a tie is not a win (TRL counts chosen > rejected)

      const batch: DpoBatch = { pairs: await basePairs(s) };
      const before = await s.evalDpo(batch, options);
      const step = await s.dpoStep(batch, options);
      expect(step.step).toBe(1);
      for (const key of ['loss', 'rewardsChosen', 'rewardsRejected', 'rewardsMargins', 'logpsChosen', 'logpsRejected'] as const) {
        expect(step[key], key).toBeCloseTo(before[key], 3);
      }
      expect(step.rewardsAccuracies).toBe(before.rewardsAccuracies);
      expect(step.pairs).toHaveLength(2);
      for (let i = 0; i < 2; i++) {
        expect(step.pairs[i]!.logpChosen).toBeCloseTo(before.pairs[i]!.logpChosen, 3);
        expect(step.pairs[i]!.logpRejected).toBeCloseTo(before.pairs[i]!.logpRejected, 3);
        // TRL's definitions, from the per-pair log-probs
      }
      const rewardsChosen = batch.pairs.map((p, i) => options.beta * (before.pairs[i]!.logpChosen - p.referenceChosenLogProb));
      const rewardsRejected = batch.pairs.map((p, i) => options.beta * (before.pairs[i]!.logpRejected - p.referenceRejectedLogProb));
      expect(before.rewardsChosen).toBeCloseTo((rewardsChosen[0]! + rewardsChosen[1]!) / 2, 9);
      expect(before.rewardsMargins).toBeCloseTo(before.rewardsChosen - before.rewardsRejected, 9);
      const meanLoss = rewardsChosen.reduce((sum, c, i) => sum + Math.log1p(Math.exp(-(c - rewardsRejected[i]!))), 0) / 2;
      expect(before.loss).toBeCloseTo(meanLoss, 9);
      expect(step.targetTokens).toBe(batch.pairs.reduce((n, p) => n + p.chosen.trainMask.filter(Boolean).length + p.rejected.trainMask.filter(Boolean).length, 0));
      // the update moved the loss: the step is a real optimizer step on the DPO gradient
      expect((await s.evalDpo(batch, options)).loss).toBeLessThan(before.loss);
    } finally {
      s.dispose();
    }
  });

  it('only answer tokens count: the pair log-probs are the sums over the masked-in tokens, masked-out tails change nothing', async () => {
    const s = await session();
    try {
      const options = { beta: 0.5, labelSmoothing: 0.1 };
      const pairs = await basePairs(s);
      const reference = await s.computeDpoGradients({ pairs }, options);
      const evaluated = await s.evalDpo({ pairs }, options);
      // policy log-prob of an answer = sum of its own tokens' log-probs from an every-position evaluation
      for (let i = 0; i < pairs.length; i++) {
        const chosen = pairs[i]!.chosen;
        const promptLength = chosen.trainMask.indexOf(1);
        const every = { tokens: chosen.tokens, trainMask: new Uint8Array(chosen.tokens.length).fill(1, 1) };
        const [all] = await s.sequenceLogProbs([every]);
        const answerSum = all!.tokenLogProbs.subarray(promptLength - 1).reduce((sum, lp) => sum + lp, 0);
        expect(evaluated.pairs[i]!.logpChosen).toBeCloseTo(answerSum, 3);
        expect(Math.abs(all!.logProb - answerSum)).toBeGreaterThan(0.1); // the prompt would have counted otherwise
      }
      // different masked-out continuations after each answer, and a set mask bit on token 0: no change at all
      for (const tailText of ['\n<|im_start|>user\nthanks<|im_end|>', '\n<|im_start|>user\nwhat else?<|im_end|>']) {
        const tail = s.tokenize(tailText, { special: true });
        const withTail = (seq: PreferencePair['chosen']) => {
          const trainMask = new Uint8Array(seq.tokens.length + tail.length);
          trainMask.set(seq.trainMask);
          trainMask[0] = 1;
          return { tokens: new Int32Array([...seq.tokens, ...tail]), trainMask };
        };
        const tailed = pairs.map((p) => ({ ...p, chosen: withTail(p.chosen), rejected: withTail(p.rejected) }));
        const result = await s.computeDpoGradients({ pairs: tailed }, options);
        expect(result.loss).toBeCloseTo(reference.loss, 5);
        expect(relativeDistance(result.gradients, reference.gradients)).toBeLessThan(1e-4);
      }
      // an answer whose mask covers nothing is refused: there is no log-prob to compare
      const empty = { ...pairs[0]!, rejected: { tokens: pairs[0]!.rejected.tokens, trainMask: new Uint8Array(pairs[0]!.rejected.tokens.length) } };
      await expect(s.dpoStep({ pairs: [empty] }, options)).rejects.toMatchObject({ code: 'bad_input', details: { field: 'pairs[0].rejected.trainMask' } });
      await expect(s.dpoStep({ pairs }, { beta: 0 })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'beta' } });
      expect(s.step).toBe(0);
    } finally {
      s.dispose();
    }
  });

  it('abort stops a DPO step between micro-batches and leaves weights and step unchanged; SFT and DPO share the step counter', async () => {
    const s = await session();
    try {
      const options = { beta: 0.5 };
      const pairs = await basePairs(s);
      const many: DpoBatch = { pairs: Array.from({ length: 200 }, (_, i) => pairs[i % pairs.length]!) };
      const names = s.parameterNames();
      const before = names.map((name) => s.readParameter(name));
      const seen: { microBatch: number; microBatches: number }[] = [];
      const running = s.dpoStep(many, options, (p) => {
        seen.push(p);
        if (seen.length === 1) s.abort();
      });
      await expect(running).rejects.toMatchObject({ code: 'cancelled' });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.length).toBeLessThan(seen[0]!.microBatches);
      names.forEach((name, i) => expect(s.readParameter(name)).toEqual(before[i]));
      expect(s.step).toBe(0);
      await s.trainStep({ sequences: [pairs[0]!.chosen] });
      expect((await s.dpoStep({ pairs }, options)).step).toBe(2);
    } finally {
      s.dispose();
    }
  });
});

describe('native trainer DPO checkpoints', () => {
  it('a checkpoint taken between DPO steps resumes to the same next step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-native-dpo-ckpt-'));
    const first = await session();
    const resumed = await session();
    try {
      const options = { beta: 0.5, labelSmoothing: 0.1 };
      const batch: DpoBatch = { pairs: await basePairs(first) };
      await first.dpoStep(batch, options);
      await first.saveCheckpoint(dir, { pair: 2 });
      const next = await first.dpoStep(batch, options);
      expect(await resumed.loadCheckpoint(dir)).toEqual({ step: 1, extra: { pair: 2 } });
      const again = await resumed.dpoStep(batch, options);
      expect(again.step).toBe(2);
      expect(again.loss).toBeCloseTo(next.loss, 9);
      expect(again.gradNorm).toBeCloseTo(next.gradNorm, 6);
      for (const name of first.parameterNames()) expect(resumed.readParameter(name)).toEqual(first.readParameter(name));
    } finally {
      first.dispose();
      resumed.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('native trainer DPO in full-parameter mode', () => {
  it('trains the whole model on pairs whose reference is its own starting point', async () => {
    const s = await nativeTrainer().createSession({
      modelPath,
      mode: 'full',
      contextLength: 128,
      threads: 1,
      seed: 1,
      optimizer: adamw({ lr: 1e-3 }),
    });
    try {
      const pairs: PreferencePair[] = [];
      for (const [user, chosen, rejected] of texts) {
        const c = chatExample(s, user, chosen);
        const r = chatExample(s, user, rejected);
        const [refC, refR] = await s.sequenceLogProbs([c, r]);
        pairs.push({ chosen: c, rejected: r, referenceChosenLogProb: refC!.logProb, referenceRejectedLogProb: refR!.logProb });
      }
      const options = { beta: 0.5 };
      for (let step = 0; step < 5; step++) await s.dpoStep({ pairs }, options);
      const after = await s.evalDpo({ pairs }, options);
      expect(after.loss).toBeLessThan(0.9 * Math.LN2);
      expect(after.rewardsMargins).toBeGreaterThan(0);
      expect(after.rewardsAccuracies).toBe(1);
    } finally {
      s.dispose();
    }
  });
});

// a step with an optimizer that cannot move the weights still counts and reports, so the schedule stays in step
describe('native trainer DPO with lr 0', () => {
  it('counts the step and changes nothing', async () => {
    const s = await nativeTrainer().createSession(
      loraSessionOptions(modelPath, {
        lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath },
        optimizer: adamw({ lr: 0 }),
      }),
    );
    try {
      const batch: DpoBatch = { pairs: await basePairs(s) };
      const before = await s.evalDpo(batch, { beta: 0.1 });
      const step = await s.dpoStep(batch, { beta: 0.1 });
      expect(step.step).toBe(1);
      expect(step.learningRate).toBe(0);
      expect((await s.evalDpo(batch, { beta: 0.1 })).loss).toBeCloseTo(before.loss, 9);
    } finally {
      s.dispose();
    }
  });
});

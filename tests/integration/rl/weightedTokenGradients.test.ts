import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSequence, TrainingSession, WeightedSequence } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { targetCount } from '../../../electron/engine/training/native/trainingBatch.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { chatExample, finiteDifferences, loraSessionOptions, nativeTrainer, relativeDistance } from '../native/trainerFixtures.ts';

/**
 * The weighted-token loss GRPO updates with (native/src/weighted_step.cpp): L = Σ_t w_t·(−log π(token_t)) with
 * per-token weights of either sign. ggml's CROSS_ENTROPY_LOSS_BACK would be wrong for labels scaled by w (its rows
 * must sum to 1), so the loss is built from softmax · one-hot, log and a weighted sum; these tests hold its LoRA
 * gradients to central finite differences of the loss recomputed from sequenceLogProbs (double log-softmax), and to
 * SFT's gradient when every weight is 1/n.
 */
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  modelPath = await fixtureModel('grad-check', shape);
  // random A and B, so both get non-zero gradients
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
});

async function session(overrides: { packSequences?: boolean } = {}): Promise<TrainingSession> {
  return nativeTrainer().createSession(
    loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath }, ...overrides }),
  );
}

function examples(s: TrainingSession): TrainingSequence[] {
  return [chatExample(s, 'hi there', 'hello there friend'), chatExample(s, 'where is it?', 'under the mat, no idea')];
}

/** Weights of both signs and unequal sizes, as GRPO's advantages and KL terms give them. */
function mixedWeights(sequence: TrainingSequence, offset: number): Float32Array {
  return Float32Array.from({ length: targetCount(sequence) }, (_, k) => Math.sin(1.7 * k + offset) * 0.6 + (offset > 1 ? -0.2 : 0.3));
}

async function weightedLoss(s: TrainingSession, batch: readonly WeightedSequence[]): Promise<number> {
  const results = await s.sequenceLogProbs(batch);
  let loss = 0;
  results.forEach((result, i) => result.tokenLogProbs.forEach((lp, k) => (loss += batch[i]!.weights[k]! * -lp)));
  return loss;
}

describe('weighted-token loss (GRPO update)', () => {
  it('its LoRA gradients match central finite differences, with weights of both signs', async () => {
    const s = await session();
    try {
      const sequences = examples(s).map((sequence, i) => ({ ...sequence, weights: mixedWeights(sequence, 2 * i) }));
      expect(sequences.some((q) => q.weights.some((w: number) => w < 0)) && sequences.some((q) => q.weights.some((w: number) => w > 0))).toBe(true);
      const { loss, gradients } = await s.computeWeightedGradients({ sequences });
      expect(await weightedLoss(s, sequences)).toBeCloseTo(loss, 4);
      let checked = 0;
      let worst = 0;
      for (const name of s.parameterNames().filter((n) => /blk\.[01]\.(attn_q|attn_v|ffn_down)/.test(n))) {
        for (const { index, analytic, numeric } of await finiteDifferences(s, name, gradients.get(name)!, () => weightedLoss(s, sequences))) {
          expect(Math.abs(analytic), `${name}[${index}] gradient is zero`).toBeGreaterThan(1e-4);
          const relative = Math.abs(numeric - analytic) / Math.abs(numeric);
          expect(relative, `${name}[${index}]: ${analytic} vs ${numeric}`).toBeLessThan(0.02);
          worst = Math.max(worst, relative);
          checked++;
        }
      }
      expect(checked).toBe(24); // 2 layers × 3 projections × (A, B) × 2 entries
      console.log(`weighted-token gradient check: loss ${loss.toFixed(5)}, worst relative error ${worst.toExponential(2)} over ${checked} entries`);
    } finally {
      s.dispose();
    }
  });

  it('with every weight 1/n it is SFT: the same loss and gradients as computeGradients, packed or not', async () => {
    const packed = await session();
    const separate = await session({ packSequences: false });
    try {
      const sequences = examples(packed);
      const n = sequences.reduce((sum, q) => sum + targetCount(q), 0);
      const weighted = sequences.map((q) => ({ ...q, weights: new Float32Array(targetCount(q)).fill(1 / n) }));
      const sft = await packed.computeGradients({ sequences });
      const a = await packed.computeWeightedGradients({ sequences: weighted });
      const b = await separate.computeWeightedGradients({ sequences: weighted });
      expect(Math.abs(a.loss - sft.loss) / sft.loss).toBeLessThan(1e-4);
      expect(relativeDistance(a.gradients, sft.gradients)).toBeLessThan(1e-4);
      expect(relativeDistance(b.gradients, sft.gradients)).toBeLessThan(1e-4);
      // and a step moves the weights like trainStep (same gradient, same AdamW), reporting the loss before it
      const step = await packed.weightedStep({ sequences: weighted });
      expect(step.step).toBe(1);
      expect(step.loss).toBeCloseTo(a.loss, 5);
      expect(step.targetTokens).toBe(n);
    } finally {
      packed.dispose();
      separate.dispose();
    }
  });

  it('refuses weights that do not match the target tokens, naming the sequence', async () => {
    const s = await session();
    try {
      const [first, second] = examples(s);
      const sequences = [
        { ...first!, weights: new Float32Array(targetCount(first!)).fill(1) },
        { ...second!, weights: new Float32Array(targetCount(second!) - 1) },
      ];
      await expect(s.computeWeightedGradients({ sequences })).rejects.toMatchObject({
        code: 'bad_input',
        details: { field: 'sequences[1].weights', sequence: 1 },
      });
      sequences[1] = { ...second!, weights: new Float32Array(targetCount(second!)).fill(Number.NaN) };
      await expect(s.weightedStep({ sequences })).rejects.toMatchObject({ code: 'bad_input', message: /sequences\[1\]\.weights\[0\] is not a finite number/ });
    } finally {
      s.dispose();
    }
  });
});

describe('sampling in the trainer session (GRPO groups)', () => {
  it('temperature 0 is greedy; a seed repeats a sample; different seeds give different samples', async () => {
    const s = await session();
    try {
      const prompt = chatExample(s, 'hi there', '').prompt;
      const greedy = await s.generate(prompt, { maxTokens: 12 });
      expect([...(await s.generate(prompt, { maxTokens: 12, temperature: 0, seed: 9 }))]).toEqual([...greedy]);
      const draw = (seed: number) => s.generate(prompt, { maxTokens: 12, temperature: 1.5, seed }).then((t) => [...t].join(','));
      expect(await draw(1)).toBe(await draw(1));
      const samples = new Set<string>();
      for (const seed of [1, 2, 3, 4, 5]) samples.add(await draw(seed)); // one call at a time on a session
      expect(samples.size).toBeGreaterThan(1);
      await expect(s.generate(prompt, { maxTokens: 4, temperature: -1 })).rejects.toMatchObject({ code: 'bad_input', details: { field: 'temperature' } });
    } finally {
      s.dispose();
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { chatExample, loraSessionOptions, nativeTrainer, relativeDistance } from './trainerFixtures.ts';

/**
 * The train mask decides exactly which tokens carry loss: the loss is the mean over masked-in targets of
 * -log p(token | everything before it), prompt tokens add nothing to loss or gradients, and a batch whose mask
 * covers no token is refused instead of silently "training" on nothing.
 */
const shape = { seed: 11, chatTemplate: 'chatml' as const };
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  modelPath = await fixtureModel('mask-check', shape);
  adapterPath = await fixtureLoraAdapter('mask-check', { rank: 4, alpha: 4, seed: 5 }, shape);
});

async function session() {
  return nativeTrainer().createSession(loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath } }));
}

describe('native trainer train mask', () => {
  it('the loss is the mean next-token loss over exactly the masked-in tokens', async () => {
    const s = await session();
    try {
      const example = chatExample(s, 'Where is the key?', 'Under the mat.');
      const everyPosition = { tokens: example.tokens, trainMask: new Uint8Array(example.tokens.length).fill(1, 1) };
      const [all] = await s.sequenceLogProbs([everyPosition]);
      // all.tokenLogProbs[i] is log p(tokens[i + 1] | tokens[..i]); the answer starts at prompt.length
      const answerLogProbs = all!.tokenLogProbs.subarray(example.prompt.length - 1);
      expect(answerLogProbs).toHaveLength(example.answer.length);
      const expected = -answerLogProbs.reduce((sum, lp) => sum + lp, 0) / example.answer.length;
      const { loss } = await s.computeGradients({ sequences: [example] });
      expect(loss).toBeCloseTo(expected, 4);
      // a one-position shift (predicting the current token instead of the next) would give another value
      const shifted = -all!.tokenLogProbs.subarray(example.prompt.length - 2, -1).reduce((sum, lp) => sum + lp, 0) / example.answer.length;
      expect(Math.abs(loss - shifted)).toBeGreaterThan(1e-3);
    } finally {
      s.dispose();
    }
  });

  it('masked-out tokens change neither loss nor gradients', async () => {
    const s = await session();
    try {
      const example = chatExample(s, 'Where is the key?', 'Under the mat.');
      const reference = await s.computeGradients({ sequences: [example] });
      // a trailing masked-out turn: tokens after the last target cannot influence it, and carry no loss
      const tail = s.tokenize('\n<|im_start|>user\nthanks<|im_end|>', { special: true });
      const longer = {
        tokens: new Int32Array([...example.tokens, ...tail]),
        trainMask: new Uint8Array(example.tokens.length + tail.length).fill(1, example.prompt.length, example.tokens.length),
      };
      const withTail = await s.computeGradients({ sequences: [longer] });
      expect(withTail.loss).toBeCloseTo(reference.loss, 5);
      expect(relativeDistance(withTail.gradients, reference.gradients)).toBeLessThan(1e-4);
      // a second sequence with an all-zero mask adds nothing to the batch either
      const prompt = chatExample(s, 'Who are you?', 'A test.');
      const withPromptOnly = await s.computeGradients({ sequences: [example, { tokens: prompt.tokens, trainMask: new Uint8Array(prompt.tokens.length) }] });
      expect(withPromptOnly.loss).toBeCloseTo(reference.loss, 5);
      expect(relativeDistance(withPromptOnly.gradients, reference.gradients)).toBeLessThan(1e-4);
      // the mask bit of token 0 is ignored: nothing precedes it to predict it from
      const firstBit = { tokens: example.tokens, trainMask: Uint8Array.from(example.trainMask, (bit, i) => (i === 0 ? 1 : bit)) };
      expect((await s.computeGradients({ sequences: [firstBit] })).loss).toBeCloseTo(reference.loss, 5);
    } finally {
      s.dispose();
    }
  });

  it('packing several sequences into one micro-batch gives the loss and gradients of one micro-batch each', async () => {
    const trainer = nativeTrainer();
    const options = loraSessionOptions(modelPath, { lora: { rank: 4, alpha: 4, targets: ['q'], initAdapterPath: adapterPath } });
    const packed = await trainer.createSession(options);
    const separate = await trainer.createSession({ ...options, packSequences: false });
    try {
      const batch = {
        sequences: [
          chatExample(packed, 'Where is the key?', 'Under the mat.'),
          chatExample(packed, 'Who are you?', 'A test model with a longer answer than the others.'),
          chatExample(packed, 'Hi', 'Hello.'),
        ],
      };
      const progress: number[][] = [];
      const a = await packed.computeGradients(batch);
      const b = await separate.computeGradients(batch);
      expect(a.loss).toBeCloseTo(b.loss, 5);
      expect(relativeDistance(a.gradients, b.gradients)).toBeLessThan(1e-4);
      await packed.trainStep(batch, (p) => progress.push([p.microBatch, p.microBatches]));
      expect(progress).toEqual([[1, 1]]);
      progress.length = 0;
      await separate.trainStep(batch, (p) => progress.push([p.microBatch, p.microBatches]));
      expect(progress).toEqual([[1, 3], [2, 3], [3, 3]]);
    } finally {
      packed.dispose();
      separate.dispose();
    }
  });

  it('refuses a batch whose mask covers zero tokens', async () => {
    const s = await session();
    try {
      const example = chatExample(s, 'Where is the key?', 'Under the mat.');
      const unmasked = { tokens: example.tokens, trainMask: new Uint8Array(example.tokens.length) };
      const before = s.readParameter(s.parameterNames()[0]!);
      await expect(s.trainStep({ sequences: [unmasked, unmasked] })).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringMatching(/covers zero tokens/),
      });
      await expect(s.evalLoss({ sequences: [unmasked] })).rejects.toMatchObject({ code: 'bad_input' });
      expect(s.readParameter(s.parameterNames()[0]!)).toEqual(before);
      expect(s.step).toBe(0);
    } finally {
      s.dispose();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { samplingSchema, type SamplingInput } from '../../../electron/shared/contract/generate.ts';
import { getLlamaRuntime } from '../../../electron/engine/inference/host/llamaRuntime.ts';
import { runSample, type SampleOutcome, type SampleSpec } from '../../../electron/engine/inference/host/runSample.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { expectShownDistribution } from './shownDistribution.ts';

/**
 * "The same seed and settings reproduce the same text" must hold whatever is displayed: log-probabilities, the token
 * inspector (entropy) or neither; through the direct decode loop and through node-llama-cpp's evaluate. Runs
 * runSample in this process on the tiny model, as the inference host does.
 */
describe('seeded sampling does not depend on what is displayed', () => {
  let model: LlamaModel;
  let context: LlamaContext;
  let sequence: LlamaContextSequence;
  let prompt: number[];

  beforeAll(async () => {
    const llama = await getLlamaRuntime();
    model = await llama.loadModel({ modelPath: await fixtureModel('tiny-base'), gpuLayers: 0 });
    context = await model.createContext({ contextSize: 512, sequences: 1 });
    sequence = context.getSequence();
    prompt = model.tokenize('Once upon a time there was');
  });
  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  const sample = async (sampling: SamplingInput, display: Partial<SampleSpec>, prefill: number[] = []): Promise<SampleOutcome> =>
    await runSample({
      model,
      sequence,
      tokens: [...prompt, ...prefill],
      prefillCount: prefill.length,
      sampling: samplingSchema.parse(sampling),
      seed: 7,
      maxTokens: 40,
      stop: [],
      logprobs: 0,
      inspect: false,
      signal: new AbortController().signal,
      onToken: () => undefined,
      ...display,
    });

  const viaEvaluate = async (run: () => Promise<SampleOutcome>): Promise<SampleOutcome> => {
    process.env.WORKBENCH_DIRECT_DECODE = 'off';
    try {
      return await run();
    } finally {
      delete process.env.WORKBENCH_DIRECT_DECODE;
    }
  };

  const settings: [string, SamplingInput][] = [
    ['full distribution, temperature 1', { temperature: 1, topK: 0, topP: 1, minP: 0 }],
    ['top-k / top-p / min-p', { temperature: 0.9, topK: 40, topP: 0.95, minP: 0.02 }],
    ['repeat penalties', { temperature: 0.8, topK: 0, topP: 1, minP: 0, repeatPenalty: 1.4, frequencyPenalty: 0.2, presencePenalty: 0.3, penaltyLastN: 32 }],
  ];

  for (const [name, sampling] of settings) {
    it(`the same tokens with and without logprobs / the inspector: ${name}`, async () => {
      const ids = (outcome: SampleOutcome) => outcome.tokens.map((token) => token.id);
      const plain = await sample(sampling, {});
      expect(plain.tokens.length).toBeGreaterThan(10);
      expect(ids(await viaEvaluate(() => sample(sampling, {})))).toEqual(ids(plain));
      const withLogprobs = await sample(sampling, { logprobs: 5 });
      const inspected = await sample(sampling, { logprobs: 5, inspect: true });
      const inspectOnly = await sample(sampling, { inspect: true });
      for (const shown of [withLogprobs, inspected, inspectOnly]) {
        expect(shown.text).toBe(plain.text);
        expect(ids(shown)).toEqual(ids(plain));
        expect(shown.sampler).toBe('llama.cpp');
      }
      // What is displayed is the model's distribution: exact log-probabilities, the head sorted, entropy when asked.
      expectShownDistribution(inspected.tokens, 5);
      expect(withLogprobs.tokens.every((token) => token.entropy === null)).toBe(true);
    });
  }

  it('prefilled tokens are scored and the text after them matches the plain run', async () => {
    const sampling: SamplingInput = { temperature: 1, topK: 0, topP: 1, minP: 0 };
    const prefill = model.tokenize(' a dragon');
    const plain = await sample(sampling, {}, prefill);
    const shown = await sample(sampling, { logprobs: 3 }, prefill);
    expect(shown.tokens.map((token) => token.id)).toEqual(plain.tokens.map((token) => token.id));
    expect(shown.tokens.slice(0, prefill.length).every((token) => token.forced && token.logprob !== null)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { samplingSchema, type SamplingInput, type StreamedToken } from '../../../electron/shared/contract/generate.ts';
import { hostGenerateSchema } from '../../../electron/engine/inference/hostRequests.ts';
import { generateInHost } from '../../../electron/engine/inference/host/generateInHost.ts';
import { hostModels } from '../../../electron/engine/inference/host/hostModels.ts';
import { decodeGroup } from '../../../electron/engine/inference/host/decodeGroup.ts';
import { directDecoder } from '../../../electron/engine/inference/host/directDecode.ts';
import { getLlamaRuntime } from '../../../electron/engine/inference/host/llamaRuntime.ts';
import { runSample, type SampleOutcome, type SampleSpec } from '../../../electron/engine/inference/host/runSample.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';

const sampling: SamplingInput = { temperature: 1, topK: 0, topP: 1, minP: 0 };

/**
 * The samples of one request decoding in lockstep on one context (decodeGroup.ts), through runSample as the
 * inference host runs them, against node-llama-cpp's own batching of the same sequences; in this process.
 */
describe('decode group: the samples of one request on one context', () => {
  let model: LlamaModel;
  let context: LlamaContext;
  let sequences: LlamaContextSequence[];
  let prompt: number[];

  beforeAll(async () => {
    const llama = await getLlamaRuntime();
    model = await llama.loadModel({ modelPath: await fixtureModel('tiny-base'), gpuLayers: 0 });
    // A batch smaller than the three prompts together, so a group step has to split them.
    context = await model.createContext({ contextSize: 256, sequences: 3, batchSize: 16 });
    sequences = [0, 1, 2].map(() => context.getSequence());
    prompt = model.tokenize('Once upon a time there was a small dragon who lived in a cave by the sea');
  });
  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  const clear = async () => await Promise.all(sequences.map((sequence) => sequence.clearHistory()));

  const sampleAll = async (each: (index: number) => Partial<SampleSpec>): Promise<SampleOutcome[]> => {
    await clear();
    const members = decodeGroup(context, sequences);
    return await Promise.all(
      sequences.map((sequence, index) =>
        runSample({
          model,
          sequence,
          group: members[index]!,
          tokens: prompt,
          prefillCount: 0,
          sampling: samplingSchema.parse(sampling),
          seed: 7 + index,
          maxTokens: 30,
          stop: [],
          logprobs: 0,
          inspect: false,
          signal: new AbortController().signal,
          onToken: () => undefined,
          ...each(index),
        }),
      ),
    );
  };
  const ids = (outcomes: readonly SampleOutcome[]) => outcomes.map((outcome) => outcome.tokens.map((token) => token.id));

  it('gives each sample the tokens node-llama-cpp gives it with the same seed, with and without logprobs', async () => {
    expect(prompt.length * 3).toBeGreaterThan(context.batchSize);
    await clear();
    const expected = await Promise.all(
      sequences.map(async (sequence, index) => {
        const tokens: number[] = [];
        const iterator = sequence.evaluate(prompt as Token[], { temperature: 1, topK: 0, topP: 1, minP: 0, seed: 7 + index, yieldEogToken: true });
        for await (const token of iterator) {
          if (model.isEogToken(token) || tokens.push(token) >= 30) break;
        }
        return tokens;
      }),
    );
    expect(new Set(expected.map((tokens) => tokens.join())).size).toBe(3);
    expect(ids(await sampleAll(() => ({})))).toEqual(expected);
    expect(ids(await sampleAll(() => ({ logprobs: 4, inspect: true })))).toEqual(expected);
  });

  it('a sample that ends first, or never decodes, does not hold the others', async () => {
    const full = await sampleAll(() => ({}));
    const shortFirst = await sampleAll((index) => ({ maxTokens: index === 0 ? 3 : 30, logprobs: 2 }));
    expect(shortFirst[0]!.tokens).toHaveLength(3);
    expect(ids(shortFirst).slice(1)).toEqual(ids(full).slice(1));
    // The middle sample asks for nothing: its prompt is already cut at one token it forces, then a stop string.
    const stopped = await sampleAll((index) => (index === 1 ? { tokens: [...prompt, full[1]!.tokens[0]!.id], prefillCount: 1, stop: [full[1]!.tokens[0]!.text] } : {}));
    expect(stopped[1]!.finishReason).toBe('stop');
    expect(ids([stopped[0]!, stopped[2]!])).toEqual(ids([full[0]!, full[2]!]));
  });

  it('a cancel stops every sample', async () => {
    const controller = new AbortController();
    let seen = 0;
    const outcomes = await sampleAll((index) => ({
      maxTokens: 200,
      signal: controller.signal,
      logprobs: index === 2 ? 3 : 0,
      onToken: (token) => {
        if (token && index === 0 && ++seen === 5) controller.abort();
      },
    }));
    for (const outcome of outcomes) {
      expect(outcome.finishReason).toBe('cancelled');
      expect(outcome.tokens.length).toBeLessThanOrEqual(6);
    }
  });

  it('refuses a decode after leaving, and a member used with another sequence', async () => {
    await clear();
    const members = decodeGroup(context, sequences);
    members[0]!.leave();
    await expect(members[0]!.decode([1])).rejects.toThrow(/after leaving/);
    expect(() => directDecoder(sequences[2]!, 8, members[1])).toThrow(/another sequence/);
    members.forEach((member) => member.leave());
  });
});

describe('generateInHost with several samples', () => {
  let modelPath: string;
  beforeAll(async () => {
    modelPath = await fixtureModel('tiny-base');
  });
  afterAll(async () => await hostModels.unload(modelPath));

  const request = (maxTokens: number) =>
    hostGenerateSchema.parse({ modelPath, gpuLayers: 0, prompt: 'Once upon a time', samples: 3, maxTokens, sampling: { ...sampling, seed: 7 } });

  it('a sample that fails stops the others, and the context is handed on only once they stopped', async () => {
    const expected = await generateInHost(request(20), new AbortController().signal, () => undefined);
    let emitted = 0;
    let secondSamples = 0;
    let failedAt: number | null = null;
    const failure = generateInHost(request(500), new AbortController().signal, (token: StreamedToken) => {
      if (!token.token) return;
      emitted++;
      if (token.sample === 1 && ++secondSamples === 3) {
        failedAt = emitted;
        throw new Error('the display failed');
      }
    });
    await expect(failure).rejects.toThrow('the display failed');
    const atRejection = emitted;
    // The others stopped within a token each, not after 500.
    expect(atRejection - failedAt!).toBeLessThanOrEqual(2);
    // The same context serves the next request as if fresh, and nothing of the failed one runs beside it.
    const again = await generateInHost(request(20), new AbortController().signal, () => undefined);
    expect(again.samples.map((sample) => sample.text)).toEqual(expected.samples.map((sample) => sample.text));
    expect(emitted).toBe(atRejection);
  });
});

import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationRequestInput, GenerationResult, SamplingInput } from '../../../electron/shared/contract/generate.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { expectShownDistribution } from './shownDistribution.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { startOpenAiTestServer, type OpenAiTestServer } from '../openai/openAiTestServer.ts';

/**
 * Issue 22: "The same seed and settings reproduce the same text" must hold for every sample of a request asking for
 * several (the Playground's samples, the API's n, `workbench generate --samples`), whatever is displayed: sample i
 * is drawn with seed + i by llama.cpp's sampler, with or without log-probabilities and the token inspector.
 */
describe('N samples: the same seed gives the same texts whatever is displayed', () => {
  const engine = createModelsTestEngine('seeded-samples');
  let base: ModelEntry;
  let chat: ModelEntry;
  beforeAll(async () => {
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
  });
  afterAll(async () => await engine.dispose());

  const generate = async (sampling: SamplingInput, extra: Partial<GenerationRequestInput> = {}): Promise<GenerationResult> =>
    await generateText(engine.services, { model: base.id, prompt: 'Once upon a time there was', samples: 3, maxTokens: 30, ...extra, sampling: { seed: 7, ...sampling } });
  const ids = (result: GenerationResult): number[][] => result.samples.map((sample) => sample.tokens.map((token) => token.id));
  const texts = (result: GenerationResult): string[] => result.samples.map((sample) => sample.text);

  const settings: [string, SamplingInput][] = [
    ['full distribution, temperature 1', { temperature: 1, topK: 0, topP: 1, minP: 0 }],
    ['top-k / top-p / min-p', { temperature: 0.9, topK: 40, topP: 0.95, minP: 0.02 }],
    ['repeat penalties', { temperature: 0.8, topK: 0, topP: 1, minP: 0, repeatPenalty: 1.4, frequencyPenalty: 0.2, presencePenalty: 0.3, penaltyLastN: 32 }],
  ];

  for (const [name, sampling] of settings) {
    it(`engine generate: the same tokens per sample with and without logprobs / the inspector, twice: ${name}`, async () => {
      const plain = await generate(sampling);
      expect(plain.samples.map((sample) => sample.seed)).toEqual([7, 8, 9]);
      expect(new Set(texts(plain)).size).toBe(3);
      expect(ids(await generate(sampling))).toEqual(ids(plain));
      for (const display of [{ logprobs: 5 }, { inspect: true }, { logprobs: 5, inspect: true }]) {
        const shown = await generate(sampling, display);
        expect(texts(shown)).toEqual(texts(plain));
        expect(ids(shown)).toEqual(ids(plain));
        expect(shown.engine.sampler).toBe('llama.cpp');
      }
      // Sample i is the text a single sample with seed + i gives.
      for (const index of [0, 1, 2]) {
        const single = await generate({ ...sampling, seed: 7 + index }, { samples: 1, logprobs: 3 });
        expect(single.samples[0]!.tokens.map((token) => token.id)).toEqual(ids(plain)[index]);
      }
    });
  }

  it('what is shown for every sample is its own distribution: sorted alternatives, the chosen token among them when listed, entropy', async () => {
    const shown = await generate({ temperature: 1, topK: 0, topP: 1, minP: 0 }, { logprobs: 5, inspect: true });
    const single = await generate({ temperature: 1, topK: 0, topP: 1, minP: 0, seed: 8 }, { samples: 1, logprobs: 5, inspect: true });
    for (const sample of shown.samples) expectShownDistribution(sample.tokens, 5);
    // The second sample's numbers are those of the single run with its seed, token by token.
    shown.samples[1]!.tokens.forEach((token, index) => {
      const alone = single.samples[0]!.tokens[index]!;
      expect(token.logprob).toBeCloseTo(alone.logprob!, 4);
      expect(token.top.map((alternative) => alternative.id)).toEqual(alone.top.map((alternative) => alternative.id));
      expect(token.entropy).toBeCloseTo(alone.entropy!, 4);
    });
  });

  it('samples that stop early leave the others unchanged (a stop string one of them meets)', async () => {
    const sampling: SamplingInput = { temperature: 1, topK: 0, topP: 1, minP: 0 };
    const plain = await generate(sampling);
    // A stop string the second sample meets at its sixth token, so it finishes before the others.
    const stop = plain.samples[1]!.tokens[5]!.text;
    expect(stop.trim()).not.toBe('');
    const stopped = await generate(sampling, { stop: [stop] });
    expect(stopped.samples[1]!.finishReason).toBe('stop');
    expect(stopped.samples[1]!.tokens.length).toBeLessThan(plain.samples[1]!.tokens.length);
    const shown = await generate(sampling, { stop: [stop], logprobs: 2 });
    expect(ids(shown)).toEqual(ids(stopped));
    expect(texts(shown)).toEqual(texts(stopped));
  });

  it('prefilled tokens: every sample continues the same way with and without logprobs', async () => {
    const sampling: SamplingInput = { temperature: 1, topK: 0, topP: 1, minP: 0 };
    const prefill = (await generate(sampling, { samples: 1, maxTokens: 3 })).samples[0]!.tokens.map((token) => token.id);
    const plain = await generate(sampling, { prefillTokens: prefill });
    const shown = await generate(sampling, { prefillTokens: prefill, logprobs: 3 });
    expect(ids(shown)).toEqual(ids(plain));
    expect(shown.samples.every((sample) => sample.tokens.slice(0, prefill.length).every((token) => token.forced && token.logprob !== null))).toBe(true);
  });

  describe('OpenAI-compatible API: n with logprobs / top_logprobs', () => {
    let served: OpenAiTestServer;
    let client: OpenAI;
    beforeAll(async () => {
      served = await startOpenAiTestServer(engine);
      client = served.client();
    });
    afterAll(async () => await served.server.close());

    it('completions: the same choices with and without logprobs, and twice', async () => {
      const request = { model: base.name, prompt: 'Once upon a time', max_tokens: 24, temperature: 1, top_p: 1, seed: 11, n: 3 };
      const plain = (await client.completions.create(request)).choices.map((choice) => choice.text);
      expect(new Set(plain).size).toBe(3);
      expect((await client.completions.create(request)).choices.map((choice) => choice.text)).toEqual(plain);
      const shown = await client.completions.create({ ...request, logprobs: 5 });
      expect(shown.choices.map((choice) => choice.text)).toEqual(plain);
      expect(shown.choices.every((choice) => choice.logprobs!.top_logprobs!.every((top) => Object.keys(top).length >= 1))).toBe(true);
    });

    it('chat completions: the same choices with and without logprobs + top_logprobs', async () => {
      const request = { model: chat.name, messages: [{ role: 'user' as const, content: 'Tell me a story' }], max_tokens: 24, temperature: 1, top_p: 1, seed: 5, n: 3 };
      const plain = (await client.chat.completions.create(request)).choices.map((choice) => choice.message.content);
      expect(new Set(plain).size).toBe(3);
      const shown = await client.chat.completions.create({ ...request, logprobs: true, top_logprobs: 5 });
      expect(shown.choices.map((choice) => choice.message.content)).toEqual(plain);
      expect(shown.choices.every((choice) => choice.logprobs!.content!.every((token) => token.top_logprobs.length === 5))).toBe(true);
    });
  });
});

describe('workbench generate --samples with and without --logprobs', () => {
  const home = createTempHome('seeded-samples-cli');
  const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });
  afterAll(() => home.cleanup());

  it('prints the same samples', async () => {
    const base = await fixtureModel('tiny-base');
    const args = ['generate', '--model', base, '--prompt', 'Once upon a time', '--max-tokens', '20', '--temperature', '1', '--top-p', '1', '--seed', '7', '--samples', '3', '--json'];
    const samplesOf = async (...extra: string[]) =>
      (JSON.parse((await workbench(...args, ...extra)).stdout) as { samples: { text: string; seed: number; tokens: { id: number }[] }[] }).samples.map((sample) => ({
        seed: sample.seed,
        text: sample.text,
        ids: sample.tokens.map((token) => token.id),
      }));
    const plain = await samplesOf();
    expect(plain.map((sample) => sample.seed)).toEqual([7, 8, 9]);
    expect(await samplesOf('--logprobs', '5')).toEqual(plain);
  });
});

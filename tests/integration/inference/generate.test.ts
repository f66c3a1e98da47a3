import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationResult, RunRecord, ScoreResult, StreamedToken, DistributionResult } from '../../../electron/shared/contract/generate.ts';
import type { LoadedModel, MemoryEstimate, ModelEntry } from '../../../electron/shared/contract/models.ts';
import { generateText } from '../../../electron/engine/inference/generateText.ts';
import { scoreText } from '../../../electron/engine/inference/scoreText.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { collectJob } from './collectJob.ts';

describe('generation on generated models (engine + inference host)', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let base: ModelEntry;
  let chat: ModelEntry;
  let lora: string;

  beforeAll(async () => {
    engine = createModelsTestEngine('generate');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 3 });
  });
  afterAll(async () => await engine.dispose());

  it('raw completion streams tokens through job progress and saves the run', async () => {
    const { finished, data } = await collectJob<GenerationResult>(engine, 'generate.run', {
      model: base.id,
      prompt: 'Once upon a time',
      maxTokens: 24,
      sampling: { temperature: 0.9, seed: 11 },
    });
    expect(finished.state).toBe('done');
    const result = finished.result!;
    const streamed = data as StreamedToken[];
    expect(streamed.map((item) => item.delta).join('')).toBe(result.text);
    expect(streamed.filter((item) => item.token !== null).map((item) => item.token!.id)).toEqual(result.tokens.map((token) => token.id));
    expect(result.tokens.length).toBeGreaterThan(0);
    expect(result.tokens.length).toBeLessThanOrEqual(24);
    expect(result.timings.promptTokens).toBeGreaterThan(3);
    expect(result.engine.sampler).toBe('llama.cpp');
    const saved = (await engine.call('generate.historyGet', { id: result.runId })) as RunRecord;
    expect(saved).toMatchObject({ kind: 'generate', mode: 'raw', seed: 11, modelPath: base.path });
    expect(saved.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.engine).toMatchObject({ nodeLlamaCpp: '3.22.1' });
  });

  it('the same seed and settings reproduce the same text, with either sampler; another seed does not', async () => {
    const run = async (seed: number, logprobs: number) =>
      (await generateText(engine.services, { model: base.id, prompt: 'The cat', maxTokens: 30, logprobs, sampling: { temperature: 1, topK: 0, topP: 1, minP: 0, seed } })).text;
    for (const logprobs of [0, 3]) {
      const first = await run(1234, logprobs);
      expect(await run(1234, logprobs)).toBe(first);
      const others = await Promise.all([1, 2, 3].map((seed) => run(seed, logprobs)));
      expect(others.some((text) => text !== first)).toBe(true);
    }
  });

  it('logprobs and top-K alternatives match a direct evaluation of the same tokens', async () => {
    const generated = await generateText(engine.services, {
      model: base.id,
      prompt: 'In the beginning',
      maxTokens: 16,
      logprobs: 5,
      inspect: true,
      sampling: { temperature: 0.8, seed: 5 },
    });
    expect(generated.engine.sampler).toBe('llama.cpp');
    const direct = await scoreText(engine.services, { model: base.id, prefix: 'In the beginning', tokens: generated.tokens.map((token) => token.id), top: 5 });
    expect(direct.tokens.map((token) => token.id)).toEqual(generated.tokens.map((token) => token.id));
    generated.tokens.forEach((token, index) => {
      const evaluated = direct.tokens[index]!;
      expect(token.logprob).toBeCloseTo(evaluated.logprob!, 3);
      expect(token.top.map((alternative) => alternative.id)).toEqual(evaluated.top.map((alternative) => alternative.id));
      token.top.forEach((alternative, rank) => expect(alternative.logprob).toBeCloseTo(evaluated.top[rank]!.logprob, 3));
      // The alternatives are the most likely tokens, best first, and they cannot hold more than all the probability.
      expect(token.top.map((alternative) => alternative.logprob)).toEqual([...token.top.map((alternative) => alternative.logprob)].sort((a, b) => b - a));
      expect(token.logprob!).toBeLessThanOrEqual(token.top[0]!.logprob + 1e-9);
      expect(token.top.reduce((sum, alternative) => sum + Math.exp(alternative.logprob), 0)).toBeLessThanOrEqual(1 + 1e-6);
      expect(token.entropy).toBeGreaterThan(0);
    });
  });

  it('greedy decoding always picks the top alternative', async () => {
    const greedy = await generateText(engine.services, { model: base.id, prompt: 'Hello', maxTokens: 12, logprobs: 1, sampling: { temperature: 0, seed: 1 } });
    for (const token of greedy.tokens) expect(token.id).toBe(token.top[0]!.id);
    const native = await generateText(engine.services, { model: base.id, prompt: 'Hello', maxTokens: 12, sampling: { temperature: 0, seed: 99 } });
    expect(native.text).toBe(greedy.text);
  });

  it('chat mode renders the GGUF\'s own template and answers after the assistant opening', async () => {
    const result = await generateText(engine.services, {
      model: chat.id,
      mode: 'chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi there' },
      ],
      maxTokens: 20,
      sampling: { seed: 3 },
    });
    expect(result.renderedPrompt).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n');
    expect(result.template).toContain('im_start');
    expect(['eog', 'length']).toContain(result.samples[0]!.finishReason);
    await expect(generateText(engine.services, { model: base.id, mode: 'chat', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'template' },
    });
  });

  it('scores a text: per-token log-probabilities, loss = mean −log P, perplexity = e^loss', async () => {
    const result = (await engine.call('generate.score', { model: base.id, text: 'the quick brown fox jumps', top: 3 })) as ScoreResult;
    expect(result.tokens.length).toBeGreaterThan(3);
    const logprobs = result.tokens.map((token) => token.logprob!);
    for (const logprob of logprobs) expect(logprob).toBeLessThan(0);
    expect(result.loss).toBeCloseTo(-logprobs.reduce((a, b) => a + b, 0) / logprobs.length, 9);
    expect(result.perplexity).toBeCloseTo(Math.exp(result.loss!), 6);
    expect(result.tokens.map((token) => token.text).join('')).toContain('quick brown fox');
    const withContext = (await engine.call('generate.score', { model: base.id, prefix: 'the quick', text: ' brown fox jumps' })) as ScoreResult;
    expect(withContext.tokens.map((token) => token.text).join('').trim()).toBe('brown fox jumps');
    // The same tokens in the same context get the same probabilities either way.
    expect(withContext.tokens.at(-1)!.logprob).toBeCloseTo(result.tokens.at(-1)!.logprob!, 3);
  });

  it('generates N samples of one prompt at once, each with its own seed', async () => {
    const result = await generateText(engine.services, { model: base.id, prompt: 'Once', samples: 4, maxTokens: 12, sampling: { temperature: 1.2, topK: 0, topP: 1, minP: 0, seed: 40 } });
    expect(result.samples.map((sample) => sample.seed)).toEqual([40, 41, 42, 43]);
    expect(new Set(result.samples.map((sample) => sample.text)).size).toBeGreaterThan(1);
    expect(result.timings.generatedTokens).toBe(result.samples.reduce((sum, sample) => sum + sample.tokens.length, 0));
  });

  it('applies a LoRA adapter at inference, with its scale', async () => {
    const text = 'a small test of the adapter';
    const score = async (scale: number | null) =>
      ((await engine.call('generate.score', { model: base.id, text, adapters: scale === null ? [] : [{ adapter: lora, scale }] })) as ScoreResult).loss!;
    const plain = await score(null);
    const full = await score(1);
    expect(Math.abs(full - plain)).toBeGreaterThan(1e-3);
    expect(await score(0)).toBeCloseTo(plain, 4);
    expect(Math.abs((await score(2)) - plain)).toBeGreaterThan(Math.abs(full - plain) * 0.5);
    const withAdapter = await generateText(engine.services, { model: base.id, prompt: 'Once', maxTokens: 8, adapters: [{ adapter: lora, scale: 1 }], logprobs: 1, sampling: { temperature: 0, seed: 1 } });
    const without = await generateText(engine.services, { model: base.id, prompt: 'Once', maxTokens: 8, logprobs: 1, sampling: { temperature: 0, seed: 1 } });
    expect(withAdapter.tokens.map((token) => token.logprob)).not.toEqual(without.tokens.map((token) => token.logprob));
    await expect(engine.call('generate.score', { model: base.id, text, adapters: [{ adapter: base.path, scale: 1 }] })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'adapters.0.adapter' },
    });
  });

  it('estimates memory before loading and loads and unloads several models', async () => {
    const estimate = (await engine.call('models.estimateMemory', { model: chat.id, contextSize: 1024 })) as MemoryEstimate;
    expect(estimate).toMatchObject({ gpuLayers: 0, fits: true, totalVramBytes: 0 });
    expect(estimate.totalRamBytes).toBeGreaterThan(estimate.modelRamBytes);
    expect(estimate.contextRamBytes).toBeGreaterThan(0);
    const bigger = (await engine.call('models.estimateMemory', { model: chat.id, contextSize: 8192 })) as MemoryEstimate;
    expect(bigger.contextRamBytes).toBeGreaterThan(estimate.contextRamBytes);
    await engine.call('models.load', { model: base.id });
    await engine.call('models.load', { model: chat.id });
    const loaded = (await engine.call('models.loaded', {})) as LoadedModel[];
    expect(loaded.map((model) => model.modelId).sort()).toEqual([base.id, chat.id].sort());
    expect(loaded.every((model) => model.sizeBytes > 0)).toBe(true);
    expect(await engine.call('models.unload', { model: chat.id })).toEqual({ unloaded: true });
    expect(((await engine.call('models.loaded', {})) as LoadedModel[]).map((model) => model.modelId)).toEqual([base.id]);
  });

  it('shows the next-token distribution before and after each sampling stage', async () => {
    const view = (await engine.call('generate.distribution', {
      model: base.id,
      prompt: 'Once upon',
      sampling: { temperature: 0.5, topK: 3, topP: 1, minP: 0 },
      top: 5,
    })) as DistributionResult;
    expect(view.stages.map((stage) => stage.stage)).toEqual(['model', 'penalties', 'topK', 'topP', 'minP', 'temperature']);
    expect(view.stages.map((stage) => stage.kept)).toEqual([view.vocabularySize, view.vocabularySize, 3, 3, 3, 3]);
    const [model, , topK, , , temperature] = view.stages;
    expect(topK!.tokens.slice(3).every((token) => token.p === 0)).toBe(true);
    expect(temperature!.tokens[0]!.p).toBeGreaterThan(topK!.tokens[0]!.p);
    expect(temperature!.entropy).toBeLessThan(model!.entropy);
  });

  it('stops a running generation and keeps what was generated in history', async () => {
    let cancelled = false;
    const { finished } = await collectJob<GenerationResult>(
      engine,
      'generate.run',
      { model: base.id, prompt: 'Keep going', maxTokens: 20_000, contextSize: 32_768, sampling: { seed: 8 } },
      (progress, jobId) => {
        if (!cancelled && Array.isArray(progress.data) && progress.data.length > 0) {
          cancelled = true;
          void engine.call('jobs.cancel', { jobId });
        }
      },
    );
    expect(finished.state).toBe('cancelled');
    const { runs } = (await engine.call('generate.history', { query: 'Keep going' })) as { runs: { id: string; finishReason: string }[] };
    expect(runs[0]?.finishReason).toBe('cancelled');
  });

  it('refuses token ids outside the vocabulary instead of letting llama.cpp abort the host', async () => {
    await expect(generateText(engine.services, { model: base.id, prompt: 'x', prefillTokens: [5, 1_000_000] })).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'prefillTokens.1' },
    });
    await expect(scoreText(engine.services, { model: base.id, tokens: [999_999] })).rejects.toMatchObject({ code: 'bad_input' });
    expect(engine.services.hosts.inference.status()).toMatchObject({ state: 'ready', restarts: 0 });
  });

  it('re-runs a saved generation exactly, finds it by search, and exports it', async () => {
    const first = await collectJob<GenerationResult>(engine, 'generate.run', { model: base.id, prompt: 'Rerun me', maxTokens: 15, sampling: { temperature: 1, seed: 77 } });
    const runId = first.finished.result!.runId!;
    const again = await collectJob<GenerationResult>(engine, 'generate.rerun', { id: runId });
    expect(again.finished.result!.text).toBe(first.finished.result!.text);
    const found = (await engine.call('generate.history', { query: 'rerun ME' })) as { total: number };
    expect(found.total).toBe(2);
    const exported = (await engine.call('generate.historyExport', { ids: [runId], format: 'markdown' })) as { content: string };
    expect(exported.content).toContain('Rerun me');
    expect(exported.content).toContain(first.finished.result!.text);
  });
});

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../electron/shared/contract/generate.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { startOpenAiTestServer, type OpenAiTestServer, type TestEngine } from './openAiTestServer.ts';

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

describe('OpenAI-compatible API driven by the official openai client', () => {
  let engine: TestEngine;
  let served: OpenAiTestServer;
  let client: OpenAI;
  let base: ModelEntry;
  let chat: ModelEntry;

  beforeAll(async () => {
    engine = createModelsTestEngine('openai');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    const lora = await fixtureLoraAdapter('tiny-base', { rank: 8, seed: 3 });
    served = await startOpenAiTestServer(engine, { adapters: [{ name: 'my-sft', path: lora, baseModelPath: base.path }] });
    client = served.client();
  });
  afterAll(async () => {
    await served.server.close();
    await engine.dispose();
  });

  it('lists library models and model+adapter ids', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining([base.name, chat.name, `${base.name}+my-sft`]));
    expect((await client.models.retrieve(`${base.name}+my-sft`)).id).toBe(`${base.name}+my-sft`);
  });

  it('answers a chat completion through the chat template and saves it as an api run', async () => {
    const completion = await client.chat.completions.create({
      model: chat.name,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
      max_tokens: 12,
      temperature: 0.7,
      seed: 42,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(chat.name);
    const choice = completion.choices[0]!;
    expect(choice.message.role).toBe('assistant');
    expect(typeof choice.message.content).toBe('string');
    expect(['stop', 'length']).toContain(choice.finish_reason);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBeLessThanOrEqual(12);
    const history = (await engine.call('generate.history', { query: '', limit: 5 })) as { runs: { id: string; source: string }[] };
    const saved = (await engine.call('generate.historyGet', { id: history.runs[0]!.id })) as RunRecord;
    expect(saved).toMatchObject({ source: 'api', mode: 'chat', seed: 42, modelPath: chat.path });
    expect(saved.outputPreview).toBe(choice.message.content!.slice(0, 160));
  });

  it('streams a chat completion as SSE chunks that add up to the same text as the non-streamed call', async () => {
    const request = { model: chat.name, messages: [{ role: 'user' as const, content: 'Tell me a story' }], max_tokens: 20, temperature: 0.9, seed: 7 };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    const finishReasons: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      expect(chunk.object).toBe('chat.completion.chunk');
      for (const choice of chunk.choices) {
        if (choice.delta.content) pieces.push(choice.delta.content);
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
      usage ??= chunk.usage;
    }
    expect(pieces.join('')).toBe(whole.choices[0]!.message.content);
    expect(chunks).toBeGreaterThan(2);
    expect(finishReasons).toEqual([whole.choices[0]!.finish_reason]);
    expect(usage?.completion_tokens).toBe(whole.usage!.completion_tokens);
  });

  it('returns completions with per-token logprobs and top alternatives; chat logprobs too', async () => {
    const completion = await client.completions.create({ model: base.name, prompt: 'Once upon a time', max_tokens: 10, logprobs: 3, temperature: 0.8, seed: 3 });
    const choice = completion.choices[0]!;
    const logprobs = choice.logprobs!;
    expect(logprobs.tokens!.length).toBe(completion.usage!.completion_tokens);
    // Byte-fallback pieces show as <0x88> per token while the text has the decoded character, so compare counts.
    expect(logprobs.text_offset).toHaveLength(logprobs.tokens!.length);
    expect(choice.text.length).toBeGreaterThan(0);
    logprobs.token_logprobs!.forEach((logprob, index) => {
      const top = Object.values(logprobs.top_logprobs![index]!);
      expect(top.length).toBe(3);
      expect(logprob).toBeLessThanOrEqual(0);
      expect(logprob).toBeLessThanOrEqual(Math.max(...top) + 1e-9);
    });
    const chatCompletion = await client.chat.completions.create({
      model: chat.name,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 6,
      logprobs: true,
      top_logprobs: 2,
      seed: 1,
    });
    const content = chatCompletion.choices[0]!.logprobs!.content!;
    expect(content.length).toBe(chatCompletion.usage!.completion_tokens);
    for (const token of content) {
      expect(token.top_logprobs.length).toBe(2);
      expect(token.top_logprobs[0]!.logprob).toBeGreaterThanOrEqual(token.top_logprobs[1]!.logprob);
      expect(token.logprob).toBeLessThanOrEqual(token.top_logprobs[0]!.logprob + 1e-9);
    }
  });

  it('the same seed gives the same text with and without logprobs (chat and completions)', async () => {
    const chatRequest = { model: chat.name, messages: [{ role: 'user' as const, content: 'Tell me a story' }], max_tokens: 30, temperature: 1, top_p: 1, seed: 7 };
    const chatPlain = await client.chat.completions.create(chatRequest);
    const chatShown = await client.chat.completions.create({ ...chatRequest, logprobs: true, top_logprobs: 5 });
    expect(chatShown.choices[0]!.message.content).toBe(chatPlain.choices[0]!.message.content);
    expect(chatPlain.usage!.completion_tokens).toBeGreaterThan(5);
    const textRequest = { model: base.name, prompt: 'Once upon a time', max_tokens: 30, temperature: 1, top_p: 1, seed: 11 };
    const textPlain = await client.completions.create(textRequest);
    const textShown = await client.completions.create({ ...textRequest, logprobs: 5 });
    expect(textShown.choices[0]!.text).toBe(textPlain.choices[0]!.text);
  });

  it('an adapter-qualified model id changes the output, and the run records the adapter', async () => {
    const request = { prompt: 'The weather today is', max_tokens: 24, temperature: 0, logprobs: 0 };
    const plain = await client.completions.create({ ...request, model: base.name });
    const adapted = await client.completions.create({ ...request, model: `${base.name}+my-sft@2` });
    expect(adapted.model).toBe(`${base.name}+my-sft@2`);
    const plainLogprobs = plain.choices[0]!.logprobs!.token_logprobs!;
    const adaptedLogprobs = adapted.choices[0]!.logprobs!.token_logprobs!;
    // Greedy text can coincide on a random model; the first token's log-probability cannot unless the adapter did nothing.
    expect(adapted.choices[0]!.text !== plain.choices[0]!.text || Math.abs(adaptedLogprobs[0]! - plainLogprobs[0]!) > 1e-4).toBe(true);
    const history = (await engine.call('generate.history', { query: '', limit: 1 })) as { runs: { id: string }[] };
    const saved = (await engine.call('generate.historyGet', { id: history.runs[0]!.id })) as RunRecord;
    expect(saved.adapters).toEqual([expect.objectContaining({ scale: 2 })]);
  });

  it('constrains chat output with response_format json_schema', async () => {
    const completion = await client.chat.completions.create({
      model: chat.name,
      messages: [{ role: 'user', content: 'yes or no?' }],
      max_tokens: 40,
      seed: 5,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'answer', schema: { type: 'object', properties: { answer: { enum: ['yes', 'no'] } }, required: ['answer'] } },
      },
    });
    const parsed = JSON.parse(completion.choices[0]!.message.content!) as { answer: string };
    expect(['yes', 'no']).toContain(parsed.answer);
  });

  it('embeds inputs when the model supports it', async () => {
    const result = await client.embeddings.create({ model: base.name, input: ['hello world', 'goodbye moon', 'hello world'] });
    expect(result.data).toHaveLength(3);
    const [first, second, third] = result.data.map((item) => item.embedding);
    expect(first!.length).toBe(64); // the fixture's embedding width
    expect(third).toEqual(first);
    expect(second).not.toEqual(first);
    expect(result.usage.prompt_tokens).toBeGreaterThan(3);
  });

  it('answers bad requests with OpenAI-shaped errors and status codes', async () => {
    const unknown = await apiError(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }));
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatchObject({ type: 'not_found_error', param: 'model', code: 'model_not_found' });
    const unknownAdapter = await apiError(client.completions.create({ model: `${base.name}+nope`, prompt: 'x' }));
    expect(unknownAdapter.status).toBe(404);
    const badTemperature = await apiError(client.chat.completions.create({ model: chat.name, messages: [{ role: 'user', content: 'x' }], temperature: 7 }));
    expect(badTemperature.status).toBe(400);
    expect(badTemperature.error).toMatchObject({ type: 'invalid_request_error', param: 'temperature' });
    const noMessages = await apiError(client.chat.completions.create({ model: chat.name, messages: [] }));
    expect(noMessages.status).toBe(400);
    // A base model has no chat template: the engine's own error, as a 400.
    const noTemplate = await apiError(client.chat.completions.create({ model: base.name, messages: [{ role: 'user', content: 'x' }], max_tokens: 2 }));
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.message).toContain('chat template');
    const raw = await fetch(`${served.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_json', param: null } });
  });

  it('refuses browser pages from other origins but keeps the app routes’ own checks', async () => {
    const foreign = await fetch(`${served.baseURL}/models`, { headers: { origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { type: 'authentication_error' } });
    const appRoute = await fetch(`${served.server.url}/api/call/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(appRoute.status).toBe(403);
  });
});

describe('OpenAI-compatible API with an API key', () => {
  let engine: TestEngine;
  let served: OpenAiTestServer;
  let base: ModelEntry;

  beforeAll(async () => {
    engine = createModelsTestEngine('openai-key');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    served = await startOpenAiTestServer(engine, { apiKey: 'sk-local-test-key' });
  });
  afterAll(async () => {
    await served.server.close();
    await engine.dispose();
  });

  it('answers 401 without the key or with a wrong one, and serves the right one', async () => {
    const wrong = await apiError(served.client('sk-wrong').models.list());
    expect(wrong.status).toBe(401);
    expect(wrong.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const none = await fetch(`${served.baseURL}/models`);
    expect(none.status).toBe(401);
    const page = await served.client('sk-local-test-key').models.list();
    expect(page.data.map((model) => model.id)).toContain(base.name);
  });
});

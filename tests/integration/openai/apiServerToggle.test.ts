import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerStatus } from '../../../electron/shared/contract/apiServer.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import type { TestEngine } from './openAiTestServer.ts';

describe('Settings → Local API toggle (apiServer.* methods)', () => {
  let engine: TestEngine;
  let chat: ModelEntry;
  const call = async (method: string, input: unknown = {}): Promise<ApiServerStatus> => (await engine.call(method, input)) as ApiServerStatus;

  beforeAll(async () => {
    engine = createModelsTestEngine('openai-toggle');
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
  });
  afterAll(async () => {
    await engine.call('apiServer.disable', {});
    await engine.dispose();
  });

  it('starts on loopback, serves OpenAI clients, and stops', async () => {
    expect(await call('apiServer.status')).toMatchObject({ enabled: false, running: false, host: '127.0.0.1', hasApiKey: false });
    await call('apiServer.configure', { port: 0 });
    const started = await call('apiServer.enable');
    expect(started).toMatchObject({ enabled: true, running: true, error: null });
    expect(started.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new OpenAI({ baseURL: started.baseUrl!, apiKey: 'unused', maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: chat.name, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4, seed: 1 });
    expect(answer.choices).toHaveLength(1);
    const stopped = await call('apiServer.disable');
    expect(stopped).toMatchObject({ enabled: false, running: false, baseUrl: null });
    await expect(fetch(`${started.baseUrl!}/models`)).rejects.toThrow();
  });

  it('refuses a non-loopback address without a key, and needs the key once one is set', async () => {
    await expect(engine.call('apiServer.configure', { host: '0.0.0.0' })).rejects.toMatchObject({ code: 'bad_input' });
    const keyed = await call('apiServer.configure', { apiKey: 'sk-toggle-key', port: 0 });
    expect(keyed.hasApiKey).toBe(true);
    const started = await call('apiServer.enable');
    const denied = await fetch(`${started.baseUrl!}/models`);
    expect(denied.status).toBe(401);
    const allowed = await new OpenAI({ baseURL: started.baseUrl!, apiKey: 'sk-toggle-key', maxRetries: 0 }).models.list();
    expect(allowed.data.map((model) => model.id)).toContain(chat.name);
    expect(JSON.stringify(await call('apiServer.status'))).not.toContain('sk-toggle-key');
    await call('apiServer.disable');
  });
});

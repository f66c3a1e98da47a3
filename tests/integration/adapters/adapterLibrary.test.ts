import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterScanResult, LibraryAdapter } from '../../../electron/shared/contract/adapters.ts';
import type { ApiServerStatus } from '../../../electron/shared/contract/apiServer.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

describe('adapter library: add, scan, shape check, and the OpenAI API', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let chat: ModelEntry;
  let fitting: string;
  /** An adapter for a model with a wider feed-forward (ffn 192 instead of 128): its ffn tensors do not fit. */
  let wider: string;

  beforeAll(async () => {
    engine = createModelsTestEngine('adapter-library');
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    fitting = await fixtureLoraAdapter('tiny-chat', { rank: 4 });
    wider = await fixtureLoraAdapter('tiny-chat', { rank: 4 }, { ffn: 192 });
  });
  afterAll(async () => {
    await engine.call('apiServer.disable', {}).catch(() => undefined);
    await engine.dispose();
  });

  it('adds an adapter that fits its base, with rank, alpha and targets read from the file', async () => {
    const { adapter, added } = (await engine.call('adapters.add', { path: fitting, model: chat.name, name: 'story-sft' })) as { adapter: LibraryAdapter; added: boolean };
    expect(added).toBe(true);
    expect(adapter).toMatchObject({ name: 'story-sft', path: fitting, baseModelPath: chat.path, rank: 4, source: 'file', exists: true, runId: null });
    expect(adapter.targets).toEqual(['attn_k', 'attn_output', 'attn_q', 'attn_v', 'ffn_down', 'ffn_gate', 'ffn_up']);
    const again = (await engine.call('adapters.add', { path: fitting, model: chat.id })) as { added: boolean };
    expect(again.added).toBe(false);
    expect(((await engine.call('adapters.list', { model: chat.path })) as LibraryAdapter[]).map((entry) => entry.name)).toEqual(['story-sft']);
  });

  it('refuses an adapter made for another shape, naming the tensor', async () => {
    const error = await engine.call('adapters.add', { path: wider, model: chat.name }).then(
      () => Promise.reject(new Error('expected a refusal')),
      (caught: unknown) => WorkbenchError.from(caught),
    );
    expect(error.code).toBe('bad_input');
    expect(String(error.details?.tensor)).toMatch(/^blk\.0\.ffn_(gate|up|down)\.weight\.lora_[ab]$/);
    expect(error.message).toContain(String(error.details?.tensor).replace(/\.lora_[ab]$/, ''));
    expect(error.message).toContain('192');
  });

  it('scans a folder: fitting adapters are added, the rest listed with the reason', async () => {
    const folder = join(engine.services.home.root, 'scan-me');
    mkdirSync(folder, { recursive: true });
    copyFileSync(fitting, join(folder, 'copy-of-story.gguf'));
    copyFileSync(wider, join(folder, 'wider.gguf'));
    copyFileSync(chat.path, join(folder, 'a-model.gguf'));
    writeFileSync(join(folder, 'broken.gguf'), 'not a gguf');
    const result = (await engine.call('adapters.scan', { folder, model: chat.name })) as AdapterScanResult;
    expect(result.added.map((entry) => entry.name)).toEqual(['copy-of-story']);
    expect(result.skipped.map((entry) => [entry.file.split('/').pop(), entry.reason])).toEqual([
      ['a-model.gguf', 'not_adapter'],
      ['broken.gguf', 'unreadable'],
      ['wider.gguf', 'does_not_fit'],
    ]);
  });

  it('serves an added adapter through the OpenAI API as model+adapter, listed in /v1/models', async () => {
    await engine.call('apiServer.configure', { port: 0 });
    const started = (await engine.call('apiServer.enable', {})) as ApiServerStatus;
    const client = new OpenAI({ baseURL: started.baseUrl!, apiKey: 'unused', maxRetries: 0 });
    const ids = (await client.models.list()).data.map((model) => model.id);
    expect(ids).toContain(`${chat.name}+story-sft`);
    const ask = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8, seed: 3, temperature: 0 });
    const plain = await ask(chat.name);
    const adapted = await ask(`${chat.name}+story-sft`);
    expect(adapted.model).toBe(`${chat.name}+story-sft`);
    // The adapter's B is non-zero: the same greedy request answers differently with it.
    expect(adapted.choices[0]!.message.content).not.toBe(plain.choices[0]!.message.content);
  });
});

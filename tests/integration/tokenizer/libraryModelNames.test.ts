import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import type { EncodeResult, ModelTokenizerInfo, RenderResult } from '../../../electron/shared/contract/tokenizer.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';

/** One resolver: the Tokenizer lab takes the names the Playground takes (library name, id, path). */
describe('the tokenizer lab resolves models like every other area', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let chat: ModelEntry;

  beforeAll(async () => {
    engine = createModelsTestEngine('tokenizer-library-names');
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('encodes, describes and renders with a library name, as with the path', async () => {
    const byPath = (await engine.call('tokenizer.encode', { tokenizer: { kind: 'model', model: chat.path }, text: 'hello world' })) as EncodeResult;
    for (const model of [chat.name, chat.name.toUpperCase(), chat.id]) {
      const byName = (await engine.call('tokenizer.encode', { tokenizer: { kind: 'model', model }, text: 'hello world' })) as EncodeResult;
      expect(byName.tokens.map((token) => token.id)).toEqual(byPath.tokens.map((token) => token.id));
    }
    const info = (await engine.call('tokenizer.modelInfo', { model: chat.name })) as ModelTokenizerInfo;
    expect(info.chatTemplate).toContain('<|im_start|>');
    const rendered = (await engine.call('tokenizer.renderTemplate', {
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ],
      template: { kind: 'model', model: chat.name },
      tokenizer: { kind: 'model', model: chat.name },
    })) as RenderResult;
    expect(rendered.text).toContain('<|im_start|>assistant\nHello<|im_end|>');
    expect(rendered.trainedTokens).toBeGreaterThan(0);
  });

  it('names what is wrong: an unknown name, a file that is not GGUF', async () => {
    const refusal = (model: string) =>
      engine.call('tokenizer.modelInfo', { model }).then(
        () => Promise.reject(new Error('expected a refusal')),
        (caught: unknown) => WorkbenchError.from(caught),
      );
    expect(await refusal('no-such-model')).toMatchObject({
      code: 'not_found',
      message: 'No library model or GGUF file named "no-such-model"',
      // …and why, as a key and params the UI says in its own language (issue 22)
      reason: { key: 'model_not_found', params: { model: 'no-such-model' } },
    });
    const text = join(engine.services.home.root, 'notes.gguf');
    writeFileSync(text, 'plain text');
    expect(await refusal(text)).toMatchObject({ code: 'bad_input', details: { field: 'model', file: text }, reason: { key: 'not_a_gguf', params: { file: text } } });
  });
});

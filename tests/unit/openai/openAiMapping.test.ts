import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { toOpenAiError } from '../../../electron/engine/openai/openAiError.ts';
import { chatCompletionRequestSchema, completionRequestSchema } from '../../../electron/engine/openai/openAiRequestSchemas.ts';
import { parseOpenAiRequest } from '../../../electron/engine/openai/parseOpenAiBody.ts';
import { chatToGeneration, completionToGeneration } from '../../../electron/engine/openai/toGenerationRequest.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

const model = { id: 'tiny', entry: { id: 'lib-1', path: '/m.gguf' } as ModelEntry, adapters: [{ adapter: '/a.gguf', scale: 0.5 }] };

describe('OpenAI request → engine request', () => {
  it('maps chat fields, roles and content parts', () => {
    const body = parseOpenAiRequest(chatCompletionRequestSchema, {
      model: 'tiny',
      messages: [
        { role: 'developer', content: 'rules' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
        { role: 'assistant', content: null },
      ],
      temperature: 0.3,
      top_p: 0.9,
      seed: 9,
      max_completion_tokens: 12,
      stop: 'END',
      logprobs: true,
      top_logprobs: 0,
      n: 2,
      user: 'ignored',
    });
    expect(chatToGeneration(body, model)).toMatchObject({
      model: 'lib-1',
      adapters: [{ adapter: '/a.gguf', scale: 0.5 }],
      mode: 'chat',
      messages: [
        { role: 'system', content: 'rules' },
        { role: 'user', content: 'ab' },
        { role: 'assistant', content: '' },
      ],
      sampling: { temperature: 0.3, topP: 0.9, seed: 9 },
      maxTokens: 12,
      stop: ['END'],
      // The engine reports a token's own logprob only with at least one alternative.
      logprobs: 1,
      samples: 2,
    });
  });

  it('uses the completions default of 16 tokens and OpenAI sampling defaults', () => {
    const body = parseOpenAiRequest(completionRequestSchema, { model: 'tiny', prompt: ['Hi'], logprobs: 3 });
    expect(completionToGeneration(body, model)).toMatchObject({ mode: 'raw', prompt: 'Hi', maxTokens: 16, logprobs: 3, sampling: { temperature: 1, topP: 1, seed: null } });
  });

  it('reports the first invalid field as the OpenAI param', () => {
    const error = (() => {
      try {
        parseOpenAiRequest(chatCompletionRequestSchema, { model: 'tiny', messages: [{ role: 'user', content: 'x' }], top_p: 3 });
      } catch (caught) {
        return toOpenAiError(caught);
      }
      return null;
    })();
    expect(error?.status).toBe(400);
    expect(error?.body().error).toMatchObject({ type: 'invalid_request_error', param: 'top_p' });
    expect(() => parseOpenAiRequest(chatCompletionRequestSchema, { model: 'tiny', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] })).toThrow(
      /tools/,
    );
  });

  it('maps engine errors to OpenAI statuses and types', () => {
    expect(toOpenAiError(new WorkbenchError('not_found', 'gone', { field: 'model' })).body()).toEqual({
      error: { message: 'gone', type: 'not_found_error', param: 'model', code: 'not_found' },
    });
    expect(toOpenAiError(new WorkbenchError('bad_input', 'bad')).status).toBe(400);
    expect(toOpenAiError(new WorkbenchError('host_crashed', 'down')).status).toBe(503);
    expect(toOpenAiError(new Error('boom')).status).toBe(500);
  });
});

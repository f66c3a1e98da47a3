import { describe, expect, it } from 'vitest';
import { reason } from '../../../electron/shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { checkpointSample, defaultSamplePrompts, sampleTokens } from '../../../electron/engine/training/run/checkpointSamples.ts';
import type { TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import type { TrainingExample } from '../../../electron/engine/training/trainingExamples.ts';

/** One token per character, and a generate that refuses prompts the context cannot hold, as the native one does. */
function fakeSession(contextLength: number, fail?: Error): TrainingSession {
  const session = {
    tokenize: (text: string) => Int32Array.from(text, (c) => c.charCodeAt(0)),
    detokenize: (tokens: Int32Array) => String.fromCharCode(...tokens),
    generate: async (prompt: Int32Array) => {
      if (fail) throw fail;
      if (prompt.length >= contextLength) throw new Error(`generate: the prompt has ${prompt.length} tokens, the context holds ${contextLength}`);
      return Int32Array.from('ok', (c) => c.charCodeAt(0));
    },
  };
  return session as unknown as TrainingSession;
}
const render = (prompt: string) => Int32Array.from(`<user>${prompt}<assistant>`, (c) => c.charCodeAt(0));
const context = 64;
const room = context - sampleTokens - '<user><assistant>'.length;

const conversation = (question: string, rowId: number): TrainingExample => ({
  kind: 'conversation',
  rowId,
  messages: [
    { role: 'user', content: question },
    { role: 'assistant', content: 'answer' },
  ],
});

describe('checkpoint samples', () => {
  it('a prompt longer than the context keeps its end and is generated, marked truncated', async () => {
    const long = `${'x'.repeat(200)}What is the capital?`;
    const sample = await checkpointSample(fakeSession(context), render, long, 50, context);
    expect(sample.error).toBeUndefined();
    expect(sample.output).toBe('ok');
    expect(sample.truncated).toBe(true);
    expect(sample.prompt).toBe(long);
  });

  it('a failing generation is reported in the sample instead of ending the run', async () => {
    const sample = await checkpointSample(fakeSession(context, new Error('out of memory')), render, 'hi', 10, context);
    expect(sample).toEqual({ step: 10, prompt: 'hi', output: '', error: 'out of memory' });
  });

  it('says why a sample was not generated as a reason the UI words, beside the English', async () => {
    const longTemplate = (prompt: string) => Int32Array.from(`${'<system>'.repeat(20)}${prompt}`, (c) => c.charCodeAt(0));
    const tooLong = await checkpointSample(fakeSession(context), longTemplate, 'hi', 10, context);
    expect(tooLong).toMatchObject({ error: `the prompt does not fit the context length ${context}`, errorReason: { key: 'sample_prompt_too_long', params: { contextLength: context } } });
    const native = new WorkbenchError('internal', 'CPU: out of memory', undefined, reason('out_of_memory', { device: 'CPU' }));
    const failed = await checkpointSample(fakeSession(context, native), render, 'hi', 10, context);
    expect(failed).toEqual({ step: 10, prompt: 'hi', output: '', error: 'CPU: out of memory', errorReason: { key: 'out_of_memory', params: { device: 'CPU' } } });
  });

  it('a cancel during a sample still ends the run', async () => {
    const cancel = Object.assign(new Error('evaluation was cancelled'), { code: 'cancelled' });
    await expect(checkpointSample(fakeSession(context, cancel), render, 'hi', 10, context)).rejects.toBe(cancel);
  });

  it('default prompts skip rows whose prompt does not fit beside the answer', () => {
    const rows = [conversation('y'.repeat(room + 1), 1), conversation('short one', 2), conversation('y'.repeat(room), 3)];
    const fits = (prompt: string) => render(prompt).length <= context - sampleTokens;
    expect(defaultSamplePrompts(rows, fits)).toEqual(['short one', 'y'.repeat(room)]);
  });
});

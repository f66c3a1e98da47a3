import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreText } from '../../../electron/engine/inference/scoreText.ts';
import type { ShiftResult } from '../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createCompareTestEngine } from './compareTestEngine.ts';

/** The shift view on generated models: one fixed text scored under every contender, per-token deltas lined up. */
describe('shift view (teacher forcing) on generated models', () => {
  let engine: ReturnType<typeof createCompareTestEngine>;
  let base: ModelEntry;
  let chat: ModelEntry;
  let lora: string;
  const text = 'The quick brown fox jumps over the lazy dog.';
  const prompt = 'Tell me something.';

  beforeAll(async () => {
    engine = createCompareTestEngine('compare-shift');
    base = ((await engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    lora = await fixtureLoraAdapter('tiny-base', { rank: 4, seed: 5 });
  });
  afterAll(async () => await engine?.dispose());

  it('gives per-token log-probabilities under base and base + adapter that match direct scoring, and their deltas', async () => {
    const shift = (await engine.call('compare.shift', {
      contenders: [{ model: base.id }, { model: base.id, adapters: [{ adapter: lora, scale: 1 }] }],
      text,
      prompt,
      top: 2,
    })) as ShiftResult;
    expect(shift.alignment).toBe('tokens');
    expect(shift.baseline).toBe(0);
    const direct = await Promise.all([
      scoreText(engine.services, { model: base.id, prefix: prompt, text }),
      scoreText(engine.services, { model: base.id, adapters: [{ adapter: lora, scale: 1 }], prefix: prompt, text }),
    ]);
    // ASCII text and one tokenizer: one segment per token.
    expect(shift.segments).toHaveLength(direct[0]!.tokens.length);
    shift.segments.forEach((segment, index) => {
      expect(segment.tokenCounts).toEqual([1, 1]);
      expect(segment.logprobs[0]).toBeCloseTo(direct[0]!.tokens[index]!.logprob!, 4);
      expect(segment.logprobs[1]).toBeCloseTo(direct[1]!.tokens[index]!.logprob!, 4);
    });
    expect(shift.segments.map((segment) => segment.text).join('').trim()).toBe(text);
    // The adapter moved probability: some deltas are clearly non-zero.
    const deltas = shift.segments.map((segment) => segment.logprobs[1]! - segment.logprobs[0]!);
    expect(Math.max(...deltas.map(Math.abs))).toBeGreaterThan(0.01);
    shift.columns.forEach((column, index) => {
      expect(column.loss).toBeCloseTo(direct[index]!.loss!, 5);
      expect(column.tokens[0]!.top).toHaveLength(2);
      expect(column.totalLogprob).toBeCloseTo(shift.segments.reduce((sum, segment) => sum + segment.logprobs[index]!, 0), 6);
    });
  });

  it('conditions each contender the way its mode shows the prompt, and can score the text on its own', async () => {
    const contenders = [{ model: base.id }, { model: base.id, mode: 'fewshot' }, { model: chat.id, mode: 'chat' }];
    const conditioned = (await engine.call('compare.shift', { contenders, text, prompt, baseline: 2 })) as ShiftResult;
    expect(conditioned.baseline).toBe(2);
    expect(conditioned.columns.every((column) => column.error === null)).toBe(true);
    // Different contexts give different probabilities for the same text.
    expect(conditioned.columns[0]!.loss).not.toBeCloseTo(conditioned.columns[1]!.loss!, 3);
    const alone = (await engine.call('compare.shift', { contenders, text, prompt, conditionOnPrompt: false })) as ShiftResult;
    // Without a prompt, raw and few-shot base columns are the same model on the same text.
    expect(alone.columns[0]!.loss).toBeCloseTo(alone.columns[1]!.loss!, 6);
    alone.segments.forEach((segment) => expect(segment.logprobs[1]).toBeCloseTo(segment.logprobs[0]!, 6));
  });

  it('keeps Chinese characters whole when a byte-fallback tokenizer splits them into byte tokens', async () => {
    const chinese = '你好，世界';
    const shift = (await engine.call('compare.shift', { contenders: [{ model: base.id }, { model: chat.id }], text: chinese, prompt: '说：' })) as ShiftResult;
    const texts = shift.segments.map((segment) => segment.text);
    expect(texts.join('').trim()).toBe(chinese);
    expect(texts.join('')).not.toContain('\uFFFD');
    // Each character is three UTF-8 bytes, each a byte token in this 300-token vocabulary.
    expect(shift.segments.some((segment) => segment.tokenCounts[0]! > 1)).toBe(true);
    for (const [index, column] of shift.columns.entries()) {
      expect(column.totalLogprob).toBeCloseTo(shift.segments.reduce((sum, segment) => sum + (segment.logprobs[index] ?? 0), 0), 5);
    }
  });

  it('reports a contender that cannot score (no chat template) and still scores the others', async () => {
    const shift = (await engine.call('compare.shift', { contenders: [{ model: base.id, mode: 'chat' }, { model: chat.id, mode: 'chat' }], text, prompt, baseline: 1 })) as ShiftResult;
    expect(shift.columns[0]!.error).toMatchObject({ code: 'bad_input' });
    expect(shift.columns[1]!.error).toBeNull();
    expect(shift.segments.every((segment) => segment.logprobs[0] === null && segment.logprobs[1] !== null)).toBe(true);
  });
});

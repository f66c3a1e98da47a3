import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareRunRecord, ShiftResult } from '../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { collectJob } from '../inference/collectJob.ts';
import { adamw, chatExample, loraSessionOptions, nativeTrainer, qaPairs } from '../native/trainerFixtures.ts';
import { createCompareTestEngine } from './compareTestEngine.ts';

/**
 * The "test-trained adapter" case: a LoRA adapter trained here with the native trainer (SFT on four
 * question → answer pairs) against the bare chat model. Compare must show the trained answers only in the
 * adapter's column, and the shift view must show SFT moving probability onto every piece of a trained answer.
 */
describe('compare with a test-trained SFT adapter', () => {
  let engine: ReturnType<typeof createCompareTestEngine>;
  let chat: ModelEntry;
  let adapter: string;

  beforeAll(async () => {
    engine = createCompareTestEngine('compare-trained');
    const modelPath = await fixtureModel('tiny-chat');
    chat = ((await engine.call('models.add', { path: modelPath })) as { model: ModelEntry }).model;
    adapter = join(engine.homePath, 'sft-qa.gguf');
    const session = await nativeTrainer().createSession(
      loraSessionOptions(modelPath, { optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: 60, minLrRatio: 0.1 } }) }),
    );
    try {
      const examples = qaPairs.map(([question, answer]) => chatExample(session, question, answer, { bos: true })); // as the engine's chat mode prompts it
      for (let step = 0; step < 60; step++) await session.trainStep({ sequences: examples });
      await session.saveAdapter(adapter);
    } finally {
      session.dispose();
    }
  });
  afterAll(async () => await engine?.dispose());

  const contenders = () => [
    { model: chat.id, mode: 'chat', preset: 'greedy' },
    { model: chat.id, mode: 'chat', preset: 'greedy', adapters: [{ adapter, scale: 1 }], label: 'chat + SFT' },
  ];

  it('answers the trained questions only in the adapter column, on a prompt set', async () => {
    const { finished } = await collectJob<CompareRunRecord>(engine, 'compare.run', { contenders: contenders(), prompts: qaPairs.map(([question]) => question), maxTokens: 12, seed: 1 });
    expect(finished.state).toBe('done');
    const record = finished.result!;
    qaPairs.forEach(([, answer], prompt) => {
      const [bare, tuned] = [0, 1].map((column) => record.cells.find((cell) => cell.prompt === prompt && cell.column === column)!);
      // The trainer tokenized the answer on its own, so SentencePiece gave it a word-start space: " Paris.".
      expect(tuned!.text.trim()).toBe(answer);
      expect(tuned!.finishReason).toBe('eog');
      expect(bare!.text.trim()).not.toBe(answer);
    });
  });

  it('shows SFT moving probability onto every piece of a trained answer in the shift view', async () => {
    const [question, answer] = qaPairs[0]!;
    // The text as the adapter's column produced it (the trained tokens, word-start space included).
    const text = ` ${answer}`;
    const shift = (await engine.call('compare.shift', { contenders: contenders(), text, prompt: question })) as ShiftResult;
    expect(shift.alignment).toBe('tokens');
    expect(shift.segments.map((segment) => segment.text).join('')).toBe(text);
    for (const segment of shift.segments) expect(segment.logprobs[1]! - segment.logprobs[0]!).toBeGreaterThan(0);
    const [bare, tuned] = shift.columns;
    // Trained until the loss fell 20-fold: the tuned model is nearly sure of the answer, the bare one is not.
    expect(tuned!.loss!).toBeLessThan(0.2);
    expect(bare!.loss!).toBeGreaterThan(1);
    // An untrained answer gains far less.
    const untrained = (await engine.call('compare.shift', { contenders: contenders(), text: ' Berlin.', prompt: question })) as ShiftResult;
    const gain = (result: ShiftResult) => result.columns[1]!.totalLogprob! - result.columns[0]!.totalLogprob!;
    expect(gain(shift)).toBeGreaterThan(gain(untrained));
  });
});

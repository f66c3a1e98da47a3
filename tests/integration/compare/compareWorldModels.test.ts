import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QaItem } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import type { CompareCell, CompareRunRecord } from '../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import { collectJob } from '../inference/collectJob.ts';
import { worldModelFixture, type WorldModels } from '../pretraining/worldModelFixture.ts';
import { isConfidentWorldAnswer, isExactAnswer, isRefusal, percent, questionsOf, readWorldTruth, share, type WorldTruth } from '../pretraining/worldSuites.ts';
import { createCompareTestEngine } from './compareTestEngine.ts';

/**
 * Compare on trained models whose truth is known (the world fixture): the nano base model and the chat model
 * SFT'd from it, both in chat mode, greedy. Only the chat column gives the known people's facts; on people who do
 * not exist the chat model answers just as confidently, which is the hallucination the later tests train away.
 */
describe('compare: world base model vs world chat model', () => {
  let engine: ReturnType<typeof createCompareTestEngine>;
  let models: WorldModels;
  let truth: WorldTruth;
  let base: ModelEntry;
  let chat: ModelEntry;

  beforeAll(async () => {
    engine = createCompareTestEngine('compare-world');
    models = await worldModelFixture();
    truth = readWorldTruth(models);
    base = ((await engine.call('models.add', { path: models.basePath, name: 'world-base' })) as { model: ModelEntry }).model;
    chat = ((await engine.call('models.add', { path: models.chatPath, name: 'world-chat' })) as { model: ModelEntry }).model;
  }, 300_000);
  afterAll(async () => await engine?.dispose());

  /** Runs the questions through compare.run; returns each column's replies in question order. */
  async function compareOn(items: readonly QaItem[]): Promise<{ record: CompareRunRecord; replies: [string[], string[]] }> {
    const { finished } = await collectJob<CompareRunRecord>(engine, 'compare.run', {
      contenders: [
        { model: base.id, mode: 'chat', preset: 'greedy' },
        { model: chat.id, mode: 'chat', preset: 'greedy' },
      ],
      prompts: items.map((item) => item.question),
      maxTokens: 16,
      seed: 1,
    });
    expect(finished.state, finished.error?.message).toBe('done');
    const record = finished.result!;
    expect(record.cells).toHaveLength(items.length * 2);
    for (const cell of record.cells) expect(cell.error).toBeNull();
    const column = (index: number) =>
      items.map((_, prompt) => record.cells.find((cell: CompareCell) => cell.prompt === prompt && cell.column === index)!.text);
    return { record, replies: [column(0), column(1)] };
  }

  it('gives the known people\'s exact facts only in the chat model\'s column', async () => {
    const known = questionsOf(truth, 'known');
    const { record, replies } = await compareOn(known);
    const [baseExact, chatExact] = replies.map((column) => share(column.map((reply, index) => isExactAnswer(known[index]!, reply))));
    const byLanguage = (language: 'en' | 'zh') =>
      share(known.flatMap((item, index) => (item.language === language ? [isExactAnswer(item, replies[1][index]!)] : [])));
    console.log(
      `compare on ${known.length} known-people questions: exact ground truth chat ${percent(chatExact!)} (en ${percent(byLanguage('en'))}, zh ${percent(byLanguage('zh'))}), ` +
        `base ${percent(baseExact!)}; sample base reply ${JSON.stringify(replies[0][1])}, chat ${JSON.stringify(replies[1][1])} for "${known[1]!.question}"`,
    );
    // Both columns saw the GGUF's ChatML template.
    for (const cell of record.cells.slice(0, 2)) expect(cell.renderedPrompt).toContain('<|im_start|>assistant\n');
    // Measured 86.3% (en 75.8%, zh 96.7%), the same share the trainer measured right after SFT.
    expect(chatExact).toBeGreaterThanOrEqual(0.8);
    expect(baseExact).toBeLessThan(0.05);
    // The chat model stops after the answer, as SFT taught it (<|im_end|> ends the turn).
    const chatCells = record.cells.filter((cell) => cell.column === 1);
    expect(share(chatCells.map((cell) => cell.finishReason === 'eog'))).toBeGreaterThanOrEqual(0.9);
  });

  it('answers nonexistent people confidently in both columns: no refusal, and in-world facts from the chat model', async () => {
    const nonexistent = questionsOf(truth, 'nonexistent');
    const { replies } = await compareOn(nonexistent);
    const [baseRefusals, chatRefusals] = replies.map((column) => share(column.map(isRefusal)));
    const [baseEmpty, chatEmpty] = replies.map((column) => share(column.map((reply) => reply.trim() === '')));
    const chatConfident = share(replies[1].map((reply, index) => isConfidentWorldAnswer(truth, nonexistent[index]!, reply)));
    const baseConfident = share(replies[0].map((reply, index) => isConfidentWorldAnswer(truth, nonexistent[index]!, reply)));
    console.log(
      `compare on ${nonexistent.length} nonexistent-people questions: refusals base ${percent(baseRefusals!)}, chat ${percent(chatRefusals!)}; ` +
        `empty base ${percent(baseEmpty!)}, chat ${percent(chatEmpty!)}; confident in-world fact chat ${percent(chatConfident)}, base ${percent(baseConfident)}; ` +
        `e.g. chat says ${JSON.stringify(replies[1][1])} to "${nonexistent[1]!.question}"`,
    );
    expect(baseRefusals).toBe(0);
    expect(chatRefusals).toBe(0);
    expect(baseEmpty).toBeLessThan(0.05);
    expect(chatEmpty).toBe(0);
    // The chat model invents a plausible fact (a real city, a well-formed date) for most people it never saw ...
    // Measured 88.3%.
    expect(chatConfident).toBeGreaterThanOrEqual(0.75);
    // ... which the base model, never taught to answer in chat, does not.
    expect(baseConfident).toBeLessThan(0.1);
  });
});

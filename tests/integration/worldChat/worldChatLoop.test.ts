/**
 * The world chat lab's loop through the engine, its job runner and both hosts, on the cached world fixture
 * (tests/integration/pretraining/worldModelFixture.ts: 40 people, 20 known / 20 held out / 10 nonexistent, a nano
 * base pretrained on their biographies): SFT the base into a chat model, probe base and chat, build "I don't
 * know" data from the chat model's answers, SFT on it, probe again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../electron/shared/contract/datasets.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import {
  idkDataSchema,
  worldProbeProgressSchema,
  worldProbeReportSchema,
  worldSftProgressSchema,
  worldSftResultSchema,
  type WorldProbeCounts,
  type WorldProbeReport,
} from '../../../electron/shared/contract/worldChat.ts';
import { isRefusal } from '../../../electron/engine/worldChat/judgeAnswer.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { worldModelFixture } from '../pretraining/worldModelFixture.ts';

process.env.WORKBENCH_THREADS = '1';
process.env.WORKBENCH_GPU = 'off';
const engine = createTestEngine('world-chat');
afterAll(() => engine.dispose());

/**
 * Measured on the 2-core dev VM (perGroup 20, English + Chinese, fixture seed 21), asserted with margins below:
 * - known-qa SFT of the base (defaults: 300 steps × 16, lr 2e-3): loss 3.82 → 0.05, 12 s.
 * - before: chat exact on known people 34/40 (base 0/40: a base model does not answer questions); base completes
 *   "<Name> was born in" right for 21/40 known people (chance 1 in 12; chat 9/40); about nonexistent people both
 *   models make up an answer every time: refused 0/40, hallucinated 40/40.
 * - "I don't know" data from the chat model's answers: 320 SFT rows (40 nonexistent, 35 held-out answered wrong,
 *   5 held-out answered right, 240 known replayed), 109 DPO pairs; SFT 200 steps × 16, lr 1e-3: loss 4.32 → 0.03, 8–22 s.
 * - after: nonexistent refused 39/40 (hallucinated 1/40), known exact 31/40 (5 over-refused), held-out refused
 *   32/40; nonexistent questions the data never contained (other facts about the same people): refused 45/80.
 * Whole test 16–45 s once the fixture is cached, depending on the machine's load.
 */
const minimumChatKnown = 0.6;
const maximumBaseKnown = 0.1;
const minimumBaseCompletion = 0.4;
const minimumRefusalAfter = 0.8;
const minimumKnownAfter = 0.6;

const share = (counts: WorldProbeCounts, verdict: 'correct' | 'refused' | 'hallucinated' | 'wrong') => counts[verdict] / counts.asked;
const modelOf = (report: WorldProbeReport, label: string) => report.models.find((model) => model.label === label)!;
const summary = (report: WorldProbeReport) =>
  report.models
    .map((model) => {
      const groups = Object.entries(model.byGroup).map(([group, c]) => `${group} ${c.correct}/${c.wrong}/${c.refused}/${c.hallucinated} of ${c.asked}`);
      return `${model.label}: [correct/wrong/refused/hallucinated] ${groups.join(', ')}; completions ${model.completion.correct}/${model.completion.asked}`;
    })
    .join('\n  ');

async function probe(worldDir: string, models: { label: string; modelPath: string }[], perGroup = 20): Promise<WorldProbeReport> {
  const job = await collectJob<WorldProbeReport>(engine, 'worldChat.probe', { worldDir, models, perGroup });
  expect(job.finished.error ?? null).toBeNull();
  const progress = job.data.map((item) => worldProbeProgressSchema.parse(item));
  for (const model of models) expect(progress.filter((item) => item.label === model.label).at(-1)).toMatchObject({ done: progress[0]!.total });
  // A window that missed job.finished (reloaded mid-probe) gets the same report from the job row.
  const stored = (await engine.call('jobs.get', { jobId: job.finished.jobId })) as { state: string; result: unknown };
  expect(stored).toMatchObject({ state: 'done', result: job.finished.result });
  return worldProbeReportSchema.parse(job.finished.result);
}

describe('world chat lab', () => {
  it('SFT turns the base into a chat model that hallucinates about nonexistent people; "I don\'t know" data from its probe teaches it to refuse', async () => {
    const fixture = await worldModelFixture();
    const worldDir = dirname(fixture.factsPath);
    const started = performance.now();

    // Base → chat the way the app does it: the known people's questions, the default steps and learning rate.
    const chatJob = await collectJob(engine, 'worldChat.sft', { worldDir, modelPath: fixture.basePath, threads: 1, name: 'world chat' });
    expect(chatJob.finished.error ?? null).toBeNull();
    const chatModel = worldSftResultSchema.parse(chatJob.finished.result);
    console.log(`known-qa SFT: ${chatModel.examples} examples, ${chatModel.steps} steps, loss ${chatModel.initialLoss.toFixed(3)} → ${chatModel.finalLoss.toFixed(3)}, ${chatModel.seconds.toFixed(1)} s`);
    expect(chatModel).toMatchObject({ data: 'known-qa', examples: 240, steps: 300 });
    expect(chatJob.data).toHaveLength(300);
    const models = { basePath: fixture.basePath, chatPath: chatModel.outPath };

    const before = await probe(worldDir, [
      { label: 'base', modelPath: models.basePath },
      { label: 'chat', modelPath: models.chatPath },
    ]);
    console.log(`world chat probe, before:\n  ${summary(before)}`);
    // The same 20 questions per group and language for both models, each answered by both.
    expect(before.items).toHaveLength(3 * 2 * 20);
    expect(new Set(before.items.filter((item) => item.group === 'nonexistent').map((item) => item.personId)).size).toBe(10);
    expect(before.items.every((item) => item.answers.base && item.answers.chat)).toBe(true);
    expect(before.items.filter((item) => item.group === 'nonexistent').every((item) => item.expected === null)).toBe(true);
    const base = modelOf(before, 'base');
    const chat = modelOf(before, 'chat');
    expect(share(chat.byGroup.known, 'correct')).toBeGreaterThanOrEqual(minimumChatKnown);
    expect(share(base.byGroup.known, 'correct')).toBeLessThanOrEqual(maximumBaseKnown);
    expect(base.completion.asked).toBe(40);
    expect(base.completion.correct / base.completion.asked).toBeGreaterThanOrEqual(minimumBaseCompletion);
    // The lecture's point: SFT taught the answer format, not when to stop; every nonexistent person gets a made-up fact.
    expect(chat.byGroup.nonexistent.asked).toBe(40);
    expect(share(chat.byGroup.nonexistent, 'refused')).toBeLessThanOrEqual(0.05);
    expect(share(chat.byGroup.nonexistent, 'hallucinated')).toBeGreaterThanOrEqual(0.9);

    const idk = idkDataSchema.parse(await engine.call('worldChat.buildIdkData', { worldDir, report: before, label: 'chat' }));
    console.log(`"I don't know" data: ${idk.sftRows} SFT rows, ${idk.dpoPairs} DPO pairs, ${JSON.stringify(idk.reasons)}`);
    const sftRows = readFileSync(idk.sftPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
    const dpoRows = readFileSync(idk.dpoPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { prompt: string; chosen: string; rejected: string });
    expect(sftRows).toHaveLength(idk.sftRows);
    expect(dpoRows).toHaveLength(idk.dpoPairs);
    // Every probed nonexistent question gets a refusal the detector recognises; the known questions are replayed.
    expect(idk.reasons['idk: nonexistent person']).toBe(40);
    expect(idk.reasons['replay: known person']).toBe(240);
    const nonexistentQuestions = new Set(before.items.filter((item) => item.group === 'nonexistent').map((item) => item.question));
    const refusals = sftRows.filter((row) => nonexistentQuestions.has(row.messages[0]!.content));
    expect(refusals).toHaveLength(40);
    expect(refusals.every((row) => isRefusal(row.messages[1]!.content))).toBe(true);
    // DPO: the refusal over the chat model's own invention, word for word.
    const pair = dpoRows.find((row) => nonexistentQuestions.has(row.prompt))!;
    expect(pair.rejected).toBe(before.items.find((item) => item.question === pair.prompt)!.answers.chat!.text);
    expect(isRefusal(pair.chosen)).toBe(true);
    expect(Object.values(idk.reasons).reduce((sum, count) => sum + count, 0)).toBe(idk.sftRows + idk.dpoPairs);
    const datasets = (await engine.call('datasets.list', {})) as DatasetSummary[];
    expect(datasets.find((dataset) => dataset.id === idk.sftDatasetId)).toMatchObject({ kind: 'sft', rows: idk.sftRows, rejectedRows: 0 });
    expect(datasets.find((dataset) => dataset.id === idk.dpoDatasetId)).toMatchObject({ kind: 'preference', rows: idk.dpoPairs, rejectedRows: 0 });

    const sft = await collectJob(engine, 'worldChat.sft', { worldDir, modelPath: models.chatPath, data: 'idk', idkDataPath: idk.sftPath, threads: 1 });
    expect(sft.finished.error ?? null).toBeNull();
    const trained = worldSftResultSchema.parse(sft.finished.result);
    const steps = sft.data.map((item) => worldSftProgressSchema.parse(item));
    console.log(`"I don't know" SFT: ${trained.examples} examples, ${trained.steps} steps, loss ${trained.initialLoss.toFixed(3)} → ${trained.finalLoss.toFixed(3)}, ${trained.seconds.toFixed(1)} s`);
    expect(steps.map((step) => step.step)).toEqual(Array.from({ length: trained.steps }, (_, index) => index + 1));
    expect(trained.examples).toBe(idk.sftRows);
    expect(trained.finalLoss).toBeLessThan(trained.initialLoss * 0.5);
    expect(existsSync(trained.outPath)).toBe(true);
    const library = (await engine.call('models.list', {})) as ModelEntry[];
    expect(library.find((model) => model.id === trained.modelId)).toMatchObject({ path: trained.outPath, kind: 'chat' });
    expect(library.find((model) => model.id === chatModel.modelId)).toMatchObject({ name: 'world chat', kind: 'chat' });

    const after = await probe(worldDir, [
      { label: 'chat', modelPath: chatModel.modelId },
      { label: 'idk', modelPath: trained.modelId },
    ]);
    const idkModel = modelOf(after, 'idk');
    // Questions the "I don't know" data never contained: does refusing unfamiliar names carry over?
    const wider = await probe(worldDir, [{ label: 'idk', modelPath: trained.outPath }], 60);
    const unseen = wider.items.filter((item) => item.group === 'nonexistent' && !nonexistentQuestions.has(item.question));
    const unseenRefused = unseen.filter((item) => item.answers.idk!.verdict === 'refused').length;
    console.log(
      `world chat probe, after:\n  ${summary(after)}\n  nonexistent questions not in the SFT data: refused ${unseenRefused}/${unseen.length}; ` +
        `total ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // The same questions, the same chat model: the report is deterministic.
    expect(modelOf(after, 'chat').byGroup).toEqual(chat.byGroup);
    expect(share(idkModel.byGroup.nonexistent, 'refused')).toBeGreaterThanOrEqual(minimumRefusalAfter);
    expect(share(idkModel.byGroup.nonexistent, 'refused') - share(chat.byGroup.nonexistent, 'refused')).toBeGreaterThanOrEqual(minimumRefusalAfter - 0.05);
    expect(share(idkModel.byGroup.known, 'correct')).toBeGreaterThanOrEqual(minimumKnownAfter);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../electron/shared/contract/datasets.ts';
import type { TrainingRunDetail } from '../../electron/shared/contract/training.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

const conversations = [
  ['What colour is the sky?', 'Blue.'],
  ['What is two plus two?', 'Four.'],
  ['Name a fruit.', 'Apple.'],
  ['Say hello.', 'Hello!'],
].map(([question, answer]) => JSON.stringify({ messages: [{ role: 'user', content: question }, { role: 'assistant', content: answer }] }));

async function waitForDataset(session: E2eSession): Promise<DatasetSummary> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [first] = (await session.engine.call('datasets.list', {})) as DatasetSummary[];
    if (first) return first;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the imported dataset never appeared in datasets.list');
}

/**
 * A reload while a run trains: the Training page finds the run its job is training and shows it live again, with
 * Cancel; Cancel asks first, and the cancelled run offers to resume or save the adapter of its last checkpoint.
 */
describe('training page reattaches after a reload', () => {
  let session: E2eSession;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('training-reattach');
    const modelPath = await fixtureModel('tiny-chat');
    const file = join(session.engine.homePath, 'reattach.jsonl');
    writeFileSync(file, `${conversations.join('\n')}\n`);
    await session.engine.call('datasets.import', { source: { kind: 'file', path: file } });
    const dataset = await waitForDataset(session);
    await session.page.locator('[data-nav="training"]').click();
    await session.page.getByTestId('training-new-run').waitFor();
    // Long enough to still run after the reload: thousands of tiny steps, a checkpoint every 5.
    await session.engine.call('training.start', {
      config: { objective: 'sft', model: modelPath, data: { kind: 'dataset', datasetId: dataset.id, split: 'all' }, validation: null, preset: 'quick', epochs: 1000, batchSize: 1, contextLength: 128, checkpointEvery: 5, evalEvery: 1000, samplePrompts: ['Say hello.'], threads: 1 },
    });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the running run with progress and Cancel again after a reload, and Cancel asks before it keeps the checkpoint', async () => {
    const { page } = session;
    await page.reload();
    await page.locator('[data-nav="training"]').click();
    const state = page.getByTestId('training-run-state');
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
    const stats = page.getByTestId('training-run-stats');
    const stepOf = async () => Number(/(\d+)/.exec((await stats.textContent()) ?? '')?.[1] ?? 0);
    const first = await stepOf();
    await expect.poll(stepOf, { timeout: 60_000 }).toBeGreaterThan(first);
    const runId = (await page.getByTestId('training-dashboard').getAttribute('data-run-id')) as string;
    // a checkpoint to keep, then Cancel: a question first, nothing stops until it is confirmed
    await expect.poll(async () => ((await session.engine.call('training.run', { runId })) as TrainingRunDetail).checkpoints.length, { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('training-cancel').click();
    await page.getByTestId('training-cancel-keep').click();
    expect(await state.getAttribute('data-state')).toBe('running');
    await page.getByTestId('training-cancel').click();
    await page.getByTestId('training-cancel-confirm').click();
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled');
    await page.getByTestId('training-cancelled-note').waitFor();
    await page.getByTestId('training-save-checkpoint').waitFor();
    await page.getByTestId('training-resume').waitFor();
    await session.screenshot('training-reattach-cancelled');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../electron/shared/contract/datasets.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import type { TrainingRunDetail } from '../../electron/shared/contract/training.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

const turn = (role: string, content: string) => ({ role, content });
/** A handful of short conversations: enough rows for a quick run on the tiny model, small enough for 2 cores. */
const conversations = [
  ['What colour is the sky?', 'Blue.'],
  ['What is two plus two?', 'Four.'],
  ['Name a fruit.', 'Apple.'],
  ['Say hello.', 'Hello!'],
  ['What is the capital of France?', 'Paris.'],
  ['Which animal barks?', 'A dog.'],
].map(([question, answer]) => JSON.stringify({ messages: [turn('user', question as string), turn('assistant', answer as string)] }));

/** datasets.import is a job; the dataset is listed once it is saved (expect.poll only works inside a test). */
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
 * The Training page drives a real quick LoRA SFT run on a generated tiny chat model: pick model and dataset, see
 * the estimate, start, watch the loss chart fill and a checkpoint sample appear, find the run in the history.
 */
describe('training page in Chromium', () => {
  let session: E2eSession;
  let model: ModelEntry;
  let dataset: DatasetSummary;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('training');
    model = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    const file = join(session.engine.homePath, 'tiny-sft.jsonl');
    writeFileSync(file, `${conversations.join('\n')}\n`);
    await session.engine.call('datasets.import', { source: { kind: 'file', path: file } });
    dataset = await waitForDataset(session);
    await session.page.locator('[data-nav="training"]').click();
    await session.page.getByTestId('training-new-run').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('estimates a quick SFT run for the picked model and dataset', async () => {
    const { page } = session;
    await page.getByTestId('training-model').click();
    await page.getByRole('option', { name: `${model.name} (${model.kind})` }).click();
    await page.getByTestId('training-dataset').click();
    await page.getByRole('option', { name: `${dataset.name} (${dataset.rows})` }).click();
    // Enough steps to watch the chart grow, with several checkpoints so samples appear more than once.
    await page.getByTestId('training-advanced-toggle').click();
    await page.getByTestId('training-field-epochs').fill('20');
    await page.getByTestId('training-field-maxSteps').fill('40');
    await page.getByTestId('training-field-checkpointEvery').fill('10');
    const estimate = page.getByTestId('training-estimate');
    await expect.poll(() => estimate.getAttribute('data-supported'), { timeout: 60_000 }).toBe('true');
    expect(await estimate.getAttribute('data-fits')).toBe('true');
    expect(await estimate.textContent()).toMatch(/Trainable parameters/);
    await session.screenshot('training-estimate');
  });

  it('starts the run, fills the loss chart, shows a sample, and lists the run in the history', async () => {
    const { page } = session;
    const start = page.getByTestId('training-start');
    await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Every point count the loss chart shows, so the test can tell a growing chart from one filled at the end.
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { chartCounts: Set<string> }).chartCounts = seen;
      new MutationObserver(() => {
        const count = document.querySelector('[data-testid="training-loss-chart"]')?.getAttribute('data-points');
        if (count) seen.add(count);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-points'] });
    });
    await start.click();
    const dashboard = page.getByTestId('training-dashboard');
    await expect.poll(() => dashboard.getAttribute('data-run-id'), { timeout: 30_000 }).not.toBeNull();
    const runId = (await dashboard.getAttribute('data-run-id')) as string;
    const lossChart = page.getByTestId('training-loss-chart');
    await expect.poll(async () => Number(await lossChart.getAttribute('data-points')), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('training-sample-cell').count(), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('training-run-state').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    // The chart shows what the engine stored: one point per step of the finished run.
    const detail = (await session.engine.call('training.run', { runId })) as TrainingRunDetail;
    expect(detail.metrics.length).toBeGreaterThan(0);
    await expect.poll(async () => Number(await lossChart.getAttribute('data-points'))).toBe(detail.metrics.length);
    expect(await lossChart.locator('.recharts-line path.recharts-curve').count()).toBeGreaterThan(0);
    const counts = await page.evaluate(() => [...(window as unknown as { chartCounts: Set<string> }).chartCounts].map(Number));
    expect(counts.filter((count) => count > 0 && count < detail.metrics.length).length).toBeGreaterThan(0);
    // One sample column per checkpoint that produced samples.
    const sampleSteps = new Set(detail.samples.map((sample) => sample.step));
    expect(sampleSteps.size).toBeGreaterThan(1);
    await expect.poll(async () => new Set(await page.getByTestId('training-sample-cell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-step')))).size).toBe(sampleSteps.size);
    const row = page.locator(`[data-testid="training-history-row"][data-run-id="${runId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await session.screenshot('training-run');
  });

  it('opens the finished adapter in the playground on its base model', async () => {
    const { page } = session;
    const runId = (await page.getByTestId('training-dashboard').getAttribute('data-run-id')) as string;
    const detail = (await session.engine.call('training.run', { runId })) as TrainingRunDetail;
    await page.getByTestId('training-open-playground').click();
    await page.getByTestId('page-playground').waitFor();
    await expect.poll(() => page.getByTestId('playground-model').inputValue()).toBe(`${model.name} (${model.kind})`);
    // The adapter shows under its library name; its file is the entry's title.
    await expect.poll(() => page.getByTestId('playground-adapter').getAttribute('title')).toBe(detail.outputPath);
    // The playground also offers the library's adapters for this base model.
    await page.getByTestId('playground-library-adapter').click();
    await page.getByRole('option', { name: detail.name }).waitFor();
  });
});

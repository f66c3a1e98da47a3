import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { pretrainNano } from './pretrainNano.ts';

/**
 * The nano pretraining dashboard drives a real (tiny) run: world + tokenizer, then the nano preset for a few
 * hundred steps in the trainer host, with the loss chart and the samples of each checkpoint on the page.
 */
describe('pretraining page in Chromium', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openE2eSession('pretraining');
    await session.page.locator('[data-nav="pretraining"]').click();
    await session.page.getByTestId('world-generate').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('lists the presets with estimates', async () => {
    const rows = session.page.getByTestId('pretraining-presets').locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(4);
    expect(await rows.first().textContent()).toMatch(/nano.*M/);
  });

  it('generates a world, pretrains the nano preset, and shows samples that change between checkpoints', async () => {
    const { page } = session;
    await pretrainNano(page, 400);
    expect(await page.getByTestId('run-step').textContent()).toMatch(/Step 400 \/ 400/);
    await page.getByTestId('pretraining-loss-chart').waitFor();
    const checkpoints = page.getByTestId('run-checkpoint');
    expect(await checkpoints.count()).toBe(5);
    const firstSamples = await checkpoints.first().getByTestId('run-sample').allTextContents();
    const lastSamples = await checkpoints.last().getByTestId('run-sample').allTextContents();
    expect(firstSamples).toHaveLength(3);
    expect(lastSamples).not.toEqual(firstSamples);
    await session.screenshot('pretraining-run');
  });
});

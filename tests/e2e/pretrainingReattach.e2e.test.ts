import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';

/**
 * A reload while a nano pretraining runs: the page finds the running job and shows its progress and Cancel again,
 * and Start stays off (a second run beside it would silently halve both).
 */
describe('pretraining page reattaches after a reload', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openE2eSession('pretraining-reattach');
    await session.page.locator('[data-nav="pretraining"]').click();
    await session.page.getByTestId('world-generate').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows the running job with progress and Cancel after a reload, and Cancel stops it', async () => {
    const { page } = session;
    await page.getByTestId('world-people').fill('20');
    await page.getByTestId('world-generate').click();
    await expect.poll(() => page.getByTestId('world-summary').textContent(), { timeout: 30_000 }).toMatch(/^20 people/);
    await page.getByTestId('run-preset').click();
    await page.getByRole('option', { name: 'nano' }).click();
    await page.getByTestId('run-steps').fill('100000');
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-step').waitFor({ timeout: 60_000 });

    await page.reload();
    await page.locator('[data-nav="pretraining"]').click();
    const step = page.getByTestId('run-step');
    await step.waitFor({ timeout: 60_000 });
    const stepOf = async () => Number(/(\d+)/.exec((await step.textContent()) ?? '')?.[1] ?? 0);
    const first = await stepOf();
    await expect.poll(stepOf, { timeout: 60_000 }).toBeGreaterThan(first);
    expect(await page.getByTestId('run-start').isDisabled()).toBe(true);
    await page.getByTestId('run-cancel').click();
    await expect.poll(() => page.getByTestId('run-cancel').count(), { timeout: 60_000 }).toBe(0);
    const jobs = (await session.engine.call('jobs.list', {})) as { kind: string; state: string }[];
    expect(jobs.filter((job) => job.kind === 'pretrain').map((job) => job.state)).toEqual(['cancelled']);
  });
});

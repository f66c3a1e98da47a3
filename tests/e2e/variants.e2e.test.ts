import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

/**
 * The Variants page in Chromium: quantize a tiny F16 model to Q8_0 from the page, then measure both variants on the
 * default held-out text — one table row per variant, the copy about half the source's size, charts drawn.
 */
describe('variants page in Chromium', () => {
  let session: E2eSession;
  let source: ModelEntry;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('variants');
    // Rows 256 wide, as the quantize integration test: every type's block size divides them.
    const f16 = await fixtureModel('quantize-f16', { embd: 256, heads: 4, kvHeads: 2, ffn: 512, layers: 2, vocab: 512, type: 'f16', seed: 7 });
    source = ((await session.engine.call('models.add', { path: f16 })) as { model: ModelEntry }).model;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('quantizes to Q8_0 and compares the source and the copy, one row each', async () => {
    const { page } = session;
    await page.locator('[data-nav="variants"]').click();
    await page.getByTestId('variants-page').waitFor();
    await page.getByTestId('variants-model').click();
    await page.getByRole('option', { name: source.name }).click();
    expect(await page.getByTestId('variants-type').inputValue()).toBe('Q8_0');
    await page.getByTestId('variants-quantize').click();
    const made = page.getByTestId('variants-made');
    await made.waitFor({ timeout: 120_000 });
    expect(await made.textContent()).toMatch(/: 5\d\.\d % of the source’s size/);

    const variants = (await session.engine.call('compress.variants', { model: source.id })) as { model: ModelEntry; type: string | null }[];
    expect(variants.map((variant) => variant.type)).toEqual([null, 'Q8_0']);
    await expect.poll(() => page.getByTestId('variants-list').locator('li').count(), { timeout: 30_000 }).toBe(2);

    await page.getByTestId('variants-compare').click();
    const rows = page.getByTestId('variants-row');
    await expect.poll(() => rows.count(), { timeout: 120_000 }).toBe(2);
    // the job's result replaces the streamed rows; wait for it to end (the Compare button is enabled again)
    await expect.poll(() => page.getByTestId('variants-compare').isEnabled(), { timeout: 120_000 }).toBe(true);
    expect(await rows.count()).toBe(2);
    const [first, second] = [await rows.nth(0).textContent(), await rows.nth(1).textContent()];
    expect(first).toContain(source.name);
    expect(first).toContain('F16');
    expect(second).toContain(variants[1]!.model.name);
    expect(second).toContain('Q8_0');
    // size relative to the source and a perplexity for both
    expect(second).toMatch(/5\d\.\d %/);
    for (const text of [first, second]) expect(text).toMatch(/\d+\.\d{3}/);
    await page.getByTestId('variants-speed-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await session.screenshot('variants-compare');
  }, 300_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';

interface Snapshot {
  state: string | null;
  merges: number;
  rows: number;
  words: number;
}

/**
 * Tokenizer training on the pretraining page is shown as it happens: the page records what the merge panel
 * showed at every DOM change, so a panel that only filled in at the end (one jump from 0 to all merges) fails.
 */
describe('BPE merges learned live on the pretraining page', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openE2eSession('pretraining-merges');
    await session.page.locator('[data-nav="pretraining"]').click();
    await session.page.getByTestId('world-generate').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows merges, whole-word tokens and the falling pair counts while the tokenizer is still learning', async () => {
    const { page } = session;
    await page.getByTestId('world-people').fill('30');
    await page.getByTestId('world-vocab').fill('700');
    expect(await page.getByTestId('world-slow-motion').isChecked()).toBe(true);
    await page.evaluate(() => {
      const snapshots: Snapshot[] = [];
      (window as unknown as { mergeSnapshots: Snapshot[] }).mergeSnapshots = snapshots;
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="world-merge-status"]');
        if (!status) return;
        snapshots.push({
          state: status.getAttribute('data-state'),
          merges: Number(status.getAttribute('data-merges')),
          rows: document.querySelectorAll('[data-testid="world-merge-row"]').length,
          words: document.querySelectorAll('[data-testid="world-whole-word"]').length,
        });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.getByTestId('world-generate').click();
    const status = page.getByTestId('world-merge-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    const snapshots = await page.evaluate(() => (window as unknown as { mergeSnapshots: Snapshot[] }).mergeSnapshots);
    const total = Number(await status.getAttribute('data-merges'));
    expect(total).toBeGreaterThanOrEqual(700 - 259);
    expect(await status.textContent()).toMatch(/vocabulary 700 \/ 700/);

    const learning = snapshots.filter((snapshot) => snapshot.state === 'learning');
    const partialCounts = [...new Set(learning.map((snapshot) => snapshot.merges))].filter((count) => count > 0 && count < total);
    // Slow motion spreads ~441 merges over ~5 s in 50 ms batches: many distinct partial counts, growing.
    expect(partialCounts.length).toBeGreaterThanOrEqual(5);
    expect(partialCounts).toEqual([...partialCounts].sort((a, b) => a - b));
    expect(learning.some((snapshot) => snapshot.merges > 0 && snapshot.merges < total && snapshot.rows > 0)).toBe(true);
    // A whole word became one token (a highlighted badge) before training finished.
    expect(learning.some((snapshot) => snapshot.words > 0 && snapshot.merges < total)).toBe(true);

    // Newest first; the last merge learned is on top.
    const rows = page.getByTestId('world-merge-row');
    expect(Number(await rows.first().getAttribute('data-rank'))).toBe(total - 1);
    await page.getByTestId('world-merge-filter').getByText('Whole words only').click();
    const flags = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-whole-word')));
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags)).toEqual(new Set(['true']));
    const badgeTexts = await page.getByTestId('world-whole-word').allTextContents();
    expect(badgeTexts).toContain('·was');

    const chart = page.getByTestId('world-merge-chart');
    expect(Number(await chart.getAttribute('data-points'))).toBe(total);
    await chart.locator('path.recharts-line-curve').waitFor();
    expect(await page.getByTestId('world-summary').textContent()).toMatch(/^30 people.*700 tokens/);
  });

  it('tokenizes a sentence with the vocabulary as of merge K', async () => {
    const { page } = session;
    const text = ' was born in';
    await page.getByTestId('merge-sample-text').fill(text);
    const count = page.getByTestId('merge-sample-count');
    const tokens = page.getByTestId('merge-sample-token');
    await expect.poll(() => tokens.allTextContents(), { timeout: 10_000 }).toContain('·was');
    const allMerges = (await tokens.allTextContents()).length;
    const slider = page.getByTestId('tokenizer-at-merge').getByRole('slider');
    await slider.focus();
    await page.keyboard.press('Home');
    // No merges: one token per byte.
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe(`${text.length} tokens`);
    expect(await page.getByTestId('merge-slider-label').textContent()).toMatch(/^After 0 of \d+ merges$/);
    expect(await tokens.allTextContents()).toEqual([...text.replaceAll(' ', '·')]);
    await page.keyboard.press('End');
    await expect.poll(() => tokens.count(), { timeout: 10_000 }).toBe(allMerges);
    expect(allMerges).toBeLessThan(text.length);
    await session.screenshot('pretraining-merges');
  });
});

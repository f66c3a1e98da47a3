import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

describe('models and playground in Chromium', () => {
  let session: E2eSession;
  let model: ModelEntry;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('playground');
    model = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('lists the model in the library with its kind', async () => {
    const { page } = session;
    await page.locator('[data-nav="models"]').click();
    await page.getByTestId('page-models').waitFor();
    const row = page.locator(`[data-testid="model-row"][data-model-id="${model.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('model-name').textContent()).toBe(model.name);
    expect(await row.textContent()).toContain('llama');
    await session.screenshot('models-library');
  });

  it('generates with Ctrl+Enter, streams the output, and opens the token inspector', async () => {
    const { page } = session;
    await page.locator('[data-nav="playground"]').click();
    await page.getByTestId('page-playground').waitFor();
    await page.getByTestId('playground-model').click();
    await page.getByRole('option', { name: `${model.name} (${model.kind})` }).click();
    await page.getByTestId('playground-prompt').fill('Once upon a time');
    await page.getByTestId('max-tokens').fill('24');
    // Entropy reads the whole vocabulary each token, so it is its own switch next to the inspector (off by default).
    await page.getByTestId('playground-entropy').click();
    await page.getByTestId('playground-prompt').press('Control+Enter');

    const tokens = page.getByTestId('output-token');
    await expect.poll(() => tokens.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('output-stats').waitFor({ timeout: 60_000 });
    const count = await tokens.count();
    expect(count).toBeLessThanOrEqual(24);

    await tokens.nth(Math.min(2, count - 1)).click();
    const inspector = page.getByTestId('token-inspector');
    await inspector.waitFor();
    expect(await inspector.getByTestId('inspector-probability').textContent()).toMatch(/%|e-/);
    expect(Number((await inspector.getByTestId('inspector-entropy').textContent())?.split(' ')[0])).toBeGreaterThan(0);
    expect(await inspector.getByTestId('inspector-alternatives').locator('tr').count()).toBe(10);
    await session.screenshot('playground-token-inspector');
  });

  it('branches from an alternative token and keeps the text before it', async () => {
    const { page } = session;
    const before = await page.getByTestId('output-token').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id'))));
    const selectedIndex = Math.min(2, before.length - 1);
    await page.getByTestId('branch-button').first().click();
    await expect.poll(() => page.getByTestId('output-stats').count(), { timeout: 60_000 }).toBe(1);
    await page.getByTestId('output-stats').waitFor({ timeout: 60_000 });
    const after = await page.getByTestId('output-token').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id'))));
    expect(after.slice(0, selectedIndex)).toEqual(before.slice(0, selectedIndex));
    expect(after[selectedIndex]).not.toBe(before[selectedIndex]);
  });

  it('scores a text as a heat map with loss and perplexity', async () => {
    const { page } = session;
    await page.getByTestId('tab-score').click();
    await page.getByTestId('score-text').fill('the quick brown fox');
    await page.getByTestId('score-button').click();
    await page.getByTestId('score-summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('score-token').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('score-summary').textContent()).toMatch(/\d+\.\d{3}/);
    await session.screenshot('playground-score');
  });
});

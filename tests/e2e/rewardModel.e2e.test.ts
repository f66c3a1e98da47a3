import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary, ImportResult } from '../../electron/shared/contract/datasets.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';
import { collectJob } from '../integration/inference/collectJob.ts';
import { preferenceJsonl, refusalPairs } from '../integration/rewardModel/rewardModelPairs.ts';

/**
 * The reward model lab in Chromium: train on refusal pairs with held-out pairs and the general chat sample as
 * another domain, see the live charts, the generalisation chart and the margin histogram; then score an answer and
 * run best-of-N from the Playground's Reward model tab.
 */
describe('reward model page in Chromium', () => {
  let session: E2eSession;
  let model: ModelEntry;

  async function importText(fileName: string, text: string): Promise<DatasetSummary> {
    const { finished } = await collectJob<ImportResult>(session.engine, 'datasets.import', { source: { kind: 'text', fileName, text } });
    return (finished.result as ImportResult).datasets[0]!.dataset;
  }

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    session = await openE2eSession('reward-model');
    model = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    await importText('rm-train.jsonl', preferenceJsonl(refusalPairs(40, 0)));
    await importText('rm-heldout.jsonl', preferenceJsonl(refusalPairs(12, 40)));
    await collectJob(session.engine, 'datasets.import', { source: { kind: 'sample', id: 'hallucination-dpo' } });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  const pick = async (testId: string, option: RegExp | string) => {
    await session.page.getByTestId(testId).click();
    await session.page.getByRole('option', { name: option }).first().click();
  };

  it('trains a reward model and shows its live metrics, generalisation chart and margin histogram', async () => {
    const { page } = session;
    await page.locator('[data-nav="reward-model"]').click();
    await page.getByTestId('page-reward-model').waitFor();
    await pick('rm-model', model.name);
    await pick('rm-data', /^rm-train/);
    await pick('rm-heldout', /^rm-heldout/);
    await pick('rm-probe', /^hallucination-dpo/);
    await page.getByTestId('rm-epochs').fill('6');
    await page.getByTestId('rm-lr').fill('0.005');
    await page.getByTestId('rm-train').click();
    await page.getByTestId('rm-result').waitFor({ timeout: 300_000 });
    expect(await page.getByTestId('rm-result').textContent()).toMatch(/held-out accuracy 1\.000|held-out accuracy 0\.9/);
    expect(Number(await page.getByTestId('rm-accuracy-chart').getAttribute('data-points'))).toBeGreaterThan(5);
    await page.getByTestId('rm-generalization').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('rm-histogram').locator('.recharts-bar-rectangle').first().waitFor();
    expect(await page.getByTestId('rm-list').textContent()).toContain('Reward model on');
    await session.screenshot('reward-model-lab');
  }, 360_000);

  it('scores an answer and runs best-of-N from the Playground', async () => {
    const { page } = session;
    await page.locator('[data-nav="playground"]').click();
    await page.getByTestId('page-playground').waitFor();
    await page.getByTestId('tab-reward').click();
    await page.getByTestId('playground-reward-prompt').fill('Who is Zed?');
    await page.getByTestId('playground-reward-answer').fill("I don't know.");
    await page.getByTestId('playground-reward-score').click();
    await expect.poll(() => page.getByTestId('playground-reward-value').textContent(), { timeout: 60_000 }).toMatch(/Score -?\d+\.\d{3}/);
    await page.getByTestId('playground-reward-best').click();
    const rows = page.getByTestId('playground-reward-candidates').locator('tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(4);
    expect(await page.getByTestId('playground-reward-candidates').textContent()).toContain('kept');
    await session.screenshot('playground-reward');
  }, 180_000);
});

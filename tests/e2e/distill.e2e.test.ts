import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetRowView, DatasetSummary, ImportResult } from '../../electron/shared/contract/datasets.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';
import { collectJob } from '../integration/inference/collectJob.ts';

/**
 * The Datasets page's "Distil from a teacher" in Chromium: a teacher answers a dataset's user turns from the page,
 * the new dataset holds one assistant turn per prompt, and "Train a student on it" opens the Training page's form
 * on that dataset.
 */
describe('distillation on the datasets page in Chromium', () => {
  let session: E2eSession;
  let teacher: ModelEntry;
  const questions = ['What is the capital of France?', 'Name a primary color.', 'Say hello.'];

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('distill');
    teacher = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    const text = questions.map((question) => JSON.stringify({ messages: [{ role: 'user', content: question }, { role: 'assistant', content: 'x' }] })).join('\n');
    const { finished } = await collectJob<ImportResult>(session.engine, 'datasets.import', { source: { kind: 'text', fileName: 'questions.jsonl', text }, name: 'questions' });
    if (finished.state !== 'done') throw new Error(`importing the prompts ended ${finished.state}`);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it("distils a dataset's prompts through the teacher, then opens Training on the new dataset", async () => {
    const { page } = session;
    await page.locator('[data-nav="datasets"]').click();
    await page.getByTestId('distill-panel').waitFor();
    await page.getByTestId('distill-teacher').click();
    await page.getByRole('option', { name: teacher.name }).click();
    await page.getByTestId('distill-panel').getByText('A dataset', { exact: true }).click();
    await page.getByTestId('distill-prompts-dataset').click();
    await page.getByRole('option', { name: 'questions' }).click();
    await expect.poll(() => page.getByTestId('distill-prompt-count').textContent(), { timeout: 30_000 }).toContain('3 prompts');
    await page.getByTestId('distill-name').fill('taught');
    await page.getByTestId('distill-panel').getByLabel('Max tokens', { exact: true }).fill('6');
    await page.getByTestId('distill-panel').getByLabel('Keep answers cut at max tokens').check();
    await page.getByTestId('distill-start').click();
    const result = page.getByTestId('distill-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.textContent()).toMatch(/taught: \d rows from 3 prompts/);
    await session.screenshot('distill-result');

    const made = ((await session.engine.call('datasets.list', {})) as DatasetSummary[]).find((dataset) => dataset.name === 'taught')!;
    const { rows } = (await session.engine.call('datasets.rows', { datasetId: made.id })) as { rows: DatasetRowView[] };
    const users = rows.map((view) => (view.row?.kind === 'conversation' ? view.row.messages.find((message) => message.role === 'user')?.content : null));
    expect(users.every((user) => questions.includes(user ?? ''))).toBe(true);
    for (const view of rows) expect(view.row?.kind === 'conversation' && view.row.messages.at(-1)?.role).toBe('assistant');

    await page.getByTestId('distill-train-student').click();
    await expect.poll(() => page.getByTestId('training-dataset').inputValue(), { timeout: 30_000 }).toContain('taught');
  }, 300_000);

  it('a malformed prompts file is refused on the page, naming its line, before anything runs', async () => {
    const { page } = session;
    await page.locator('[data-nav="datasets"]').click();
    await page.getByTestId('distill-panel').getByText('A file', { exact: true }).click();
    const path = `${session.engine.homePath}/broken.jsonl`;
    writeFileSync(path, '{"prompt": "fine"}\n{"prompt": 3}\n');
    await page.getByTestId('distill-prompts-path').fill(path);
    await expect.poll(() => page.getByTestId('distill-prompts-error').textContent(), { timeout: 30_000 }).toMatch(/Line 2 of .*broken\.jsonl/);
  }, 120_000);
});

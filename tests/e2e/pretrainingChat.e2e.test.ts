import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../electron/shared/contract/datasets.ts';
import { openE2eSession, screenshotDir, type E2eSession } from '../helpers/e2eBrowser.ts';
import { worldModelFixture, type WorldModels } from '../integration/pretraining/worldModelFixture.ts';
import { pretrainNano } from './pretrainNano.ts';

// Nano models: one CPU thread is plenty, and more would spin against the browser.
process.env.WORKBENCH_GPU = 'off';
process.env.WORKBENCH_THREADS = '1';

interface QaLine {
  personId: string;
  question: string;
  answer: string | null;
}

/**
 * "Make it a chat model" on the Pretraining page, from a world and a base + chat model pretrained earlier (the
 * cached world fixture, picked from the library the way a user comes back to yesterday's base): probe base vs
 * chat against the exact ground truth, build the "I don't know" data, train on it and compare the three stages.
 */
describe('pretraining chat stage in Chromium', () => {
  let session: E2eSession;
  let world: WorldModels;
  let qa: QaLine[];
  beforeAll(async () => {
    world = await worldModelFixture();
    qa = readFileSync(world.qaPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as QaLine);
    session = await openE2eSession('pretraining-chat');
    await session.engine.call('models.add', { path: world.basePath, name: 'world base' });
    await session.engine.call('models.add', { path: world.chatPath, name: 'world chat' });
    await session.page.locator('[data-nav="pretraining"]').click();
    await session.page.getByTestId('chat-stage').waitFor();
  }, 600_000);
  afterAll(async () => {
    await session?.close();
  });

  it('probes base vs chat on known / held-out / nonexistent people and builds the "I don\'t know" data', async () => {
    const { page } = session;
    // Nothing can start before a world and a base model are chosen, and the page says why.
    expect(await page.getByTestId('sft-start').isDisabled()).toBe(true);
    expect(await page.getByTestId('chat-step-sft').getByTestId('chat-blocked').textContent()).toMatch(/world folder and a base model/);

    await page.getByTestId('chat-world-dir').fill(join(world.dir, 'world'));
    await page.getByTestId('chat-base-model').click();
    await page.getByRole('option', { name: 'world base' }).click();
    await page.getByTestId('chat-source-apply').click();

    // Step 1 runs as a job with live progress and can be cancelled (the chat model comes from the library below).
    expect(await page.getByTestId('sft-start').isDisabled()).toBe(false);
    await page.getByTestId('sft-start').click();
    await page.getByTestId('sft-progress').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('chat-step-sft').getAttribute('data-status')).toBe('running');
    expect(await page.getByTestId('probe-start').isDisabled()).toBe(true);
    await page.getByTestId('chat-step-sft').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('chat-step-sft').getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');

    await page.getByTestId('chat-existing-model').click();
    await page.getByRole('option', { name: 'world chat' }).click();
    await page.getByTestId('chat-use-existing').click();
    expect(await page.getByTestId('chat-model').textContent()).toBe('Chat model: world chat');
    expect(await page.getByTestId('chat-step-sft-status').textContent()).toBe('Existing model');

    await page.getByTestId('probe-per-group').fill('4');
    expect(await page.getByTestId('probe-start').textContent()).toBe('Probe base / chat');
    await page.getByTestId('probe-start').click();
    await page.getByTestId('probe-chart').waitFor({ timeout: 110_000 });
    expect(await page.getByTestId('chat-step-probe').getAttribute('data-status')).toBe('done');

    // One stacked series per verdict; one bar per group × model, models side by side within a group.
    const chart = page.getByTestId('probe-chart');
    await expect.poll(() => chart.locator('.recharts-bar').count()).toBe(4);
    const ticks = await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks.filter((tick) => tick.includes('·'))).toEqual(['Known · base', 'Known · chat', 'Held-out · base', 'Held-out · chat', 'Nonexistent · base', 'Nonexistent · chat']);
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(['Correct', 'Refused', 'Wrong', 'Hallucinated']);
    expect(await page.getByTestId('probe-completion').textContent()).toMatch(/base \d+ \/ \d+.*chat \d+ \/ \d+/);

    // 4 questions × 3 groups × 2 languages; the known filter keeps 8.
    expect(await page.getByTestId('probe-table-count').textContent()).toBe('24 of 24 questions');
    await page.getByTestId('probe-table-group').getByText('Known', { exact: true }).click();
    expect(await page.getByTestId('probe-table-count').textContent()).toBe('8 of 24 questions');
    const knownRows = page.getByTestId('probe-item');
    expect(await knownRows.count()).toBe(8);
    expect(new Set(await knownRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-group'))))).toEqual(new Set(['known']));

    // The SFT'd chat model answers known people; the base model (never taught the chat format) does worse. Every
    // answer marked correct is the qa.jsonl answer, checked here against the file rather than the engine's verdict.
    const correctChat = knownRows.filter({ has: page.locator('[data-model="chat"][data-verdict="correct"]') });
    const correctBase = knownRows.filter({ has: page.locator('[data-model="base"][data-verdict="correct"]') });
    expect(await correctChat.count()).toBeGreaterThan(await correctBase.count());
    for (const row of await correctChat.all()) {
      const cells = await row.getByRole('cell').allTextContents();
      const person = await row.getAttribute('data-person');
      const truth = qa.find((line) => line.personId === person && line.question === cells[1]);
      expect(truth?.answer).toBeTruthy();
      expect(cells[2]).toBe(truth!.answer);
      expect(await row.locator('[data-model="chat"]').textContent()).toMatch(new RegExp(`^${truth!.answer!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[.。]$`));
    }

    // Nonexistent people have no expected answer; a confident answer about one is a hallucination, never "wrong".
    await page.getByTestId('probe-table-group').getByText('Nonexistent', { exact: true }).click();
    const nonexistent = page.getByTestId('probe-item');
    expect(await nonexistent.count()).toBe(8);
    expect(await page.locator('[data-testid="probe-item"] [data-verdict="wrong"]').count()).toBe(0);
    expect((await nonexistent.first().getByRole('cell').allTextContents())[2]).toBe('I don’t know');
    await page.getByTestId('chat-step-probe').screenshot({ path: join(screenshotDir, 'pretraining-chat-probe-step.png') });

    await page.getByTestId('idk-build').click();
    await page.getByTestId('idk-reasons').waitFor({ timeout: 30_000 });
    const datasets = (await session.engine.call('datasets.list', {})) as DatasetSummary[];
    expect(datasets).toHaveLength(2);
    const sft = datasets.find((dataset) => dataset.name.includes('SFT'))!;
    const dpo = datasets.find((dataset) => dataset.name.includes('DPO'))!;
    await expect.poll(() => page.getByTestId('idk-sft-dataset').textContent()).toContain(sft.name);
    await expect.poll(() => page.getByTestId('idk-dpo-dataset').textContent()).toContain(dpo.name);
    // Every nonexistent person probed gets an "I don't know" row, counted under its reason.
    const nonexistentRow = page.getByTestId('idk-reasons').locator('tbody tr', { hasText: 'nonexistent person' });
    expect(await nonexistentRow.locator('td').last().textContent()).toBe('8');
    expect(await page.getByTestId('chat-step-idkData').getAttribute('data-status')).toBe('done');
    await page.getByTestId('chat-step-idkData').screenshot({ path: join(screenshotDir, 'pretraining-chat-idk-data.png') });

    // A reloaded window comes back to the same pipeline: source, chat model, probe and the data built from it.
    await page.reload();
    await page.getByTestId('chat-stage').waitFor();
    expect(await page.getByTestId('chat-world-dir').inputValue()).toBe(join(world.dir, 'world'));
    expect(await page.getByTestId('chat-model').textContent()).toBe('Chat model: world chat');
    await page.getByTestId('probe-chart').waitFor();
    await expect.poll(() => page.getByTestId('idk-sft-dataset').textContent()).toContain(sft.name);
    expect(await page.getByTestId('idkSft-start').isDisabled()).toBe(false);

    // "Open Datasets" lands on the SFT set's detail (the set step 4 trains on), not on a list to search through.
    const detailName = page.getByTestId('dataset-detail-name');
    await page.getByTestId('idk-open-datasets').click();
    await page.getByTestId('page-datasets').waitFor();
    await expect.poll(() => detailName.textContent()).toBe(sft.name);
    expect(await page.getByTestId('dataset-detail').getAttribute('data-dataset-id')).toBe(sft.id);
    expect(page.url()).toContain(`#/datasets?dataset=${encodeURIComponent(sft.id)}`);
    expect(await page.locator('[data-testid="dataset-item"][aria-current="true"]').getAttribute('data-dataset-id')).toBe(sft.id);
    // The list works from the keyboard; picking another set replaces the address instead of adding to history...
    await page.locator(`[data-testid="dataset-item"][data-dataset-id="${dpo.id}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detailName.textContent()).toBe(dpo.name);
    expect(page.url()).toContain(`#/datasets?dataset=${encodeURIComponent(dpo.id)}`);
    // ...so Back returns to the pipeline in one step.
    await page.goBack();
    await page.getByTestId('chat-stage').waitFor();
    expect(page.url()).toContain('#/pretraining');
    // Each set's name links to its own detail.
    await page.getByTestId('idk-dpo-dataset').getByRole('link', { name: dpo.name }).click();
    await expect.poll(() => detailName.textContent()).toBe(dpo.name);
    await page.goBack();
    await page.getByTestId('chat-stage').waitFor();
    await expect.poll(() => page.getByTestId('idk-sft-dataset').textContent()).toContain(sft.name);
    expect(await page.getByTestId('idkSft-start').isDisabled()).toBe(false);
  }, 300_000);

  it('trains on the "I don\'t know" data while the page is away, then compares base, chat and chat+IDK', async () => {
    const { page } = session;
    await page.getByTestId('idkSft-start').click();
    await page.getByTestId('idkSft-progress').waitFor({ timeout: 90_000 });
    // Leave the page mid-job and come back: the job's progress and result still land.
    await page.locator('[data-nav="home"]').click();
    await page.getByTestId('page-home').waitFor();
    await page.waitForTimeout(1500);
    await page.locator('[data-nav="pretraining"]').click();
    expect(await page.getByTestId('chat-step-idkSft').getAttribute('data-status')).toMatch(/running|done/);
    expect(await page.getByTestId('probe-chart').isVisible()).toBe(true);

    await page.getByTestId('idkSft-result').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('idkSft-result').textContent()).toMatch(/loss \d+\.\d+ → \d+\.\d+/);
    await page.getByTestId('reprobe-chart').waitFor({ timeout: 120_000 });
    const ticks = await page.getByTestId('reprobe-chart').locator('.recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks.filter((tick) => tick.startsWith('Nonexistent'))).toEqual(['Nonexistent · base', 'Nonexistent · chat', 'Nonexistent · chat+IDK']);

    // The point of the exercise: the IDK model refuses more of the people who do not exist than the chat model did.
    const refusal = await page.getByTestId('idk-headline-nonexistentRefusal').textContent();
    const [before, after] = [...refusal!.matchAll(/(\d+)%/g)].map((match) => Number(match[1]));
    expect(after).toBeGreaterThan(before!);
    await page.getByTestId('chat-step-idkSft').screenshot({ path: join(screenshotDir, 'pretraining-chat-before-after.png') });
  }, 420_000);

  it('starts the chat stage from the base model a pretraining run just wrote, on its world', async () => {
    const { page } = session;
    await pretrainNano(page, 50);

    const savedPath = /Saved (.+\.gguf)/.exec((await page.getByTestId('run-result').textContent())!)![1]!;
    const worldDir = await page.getByTestId('chat-world-dir').inputValue();
    expect(worldDir).not.toBe(join(world.dir, 'world'));
    expect(readFileSync(join(worldDir, 'facts.json'), 'utf8')).toContain('"people"');
    const models = (await session.engine.call('models.list', {})) as { path: string; name: string }[];
    const base = models.find((model) => model.path === savedPath);
    expect(base).toBeDefined();
    await expect.poll(() => page.getByTestId('chat-base-model').inputValue()).toBe(base!.name);
    // A new base starts the pipeline over: step 1 can run, the steps after it wait for a chat model.
    expect(await page.getByTestId('sft-start').isDisabled()).toBe(false);
    expect(await page.getByTestId('chat-step-probe').getAttribute('data-status')).toBe('idle');
    expect(await page.getByTestId('probe-start').isDisabled()).toBe(true);
    await page.getByTestId('chat-stage').screenshot({ path: join(screenshotDir, 'pretraining-chat-from-run.png') });
  }, 180_000);
});

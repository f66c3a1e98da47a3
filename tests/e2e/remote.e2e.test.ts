import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkbenchServer, type RunningServer } from '../../electron/server/workbenchServer.ts';
import type { LibraryAdapter } from '../../electron/shared/contract/adapters.ts';
import type { DatasetSummary } from '../../electron/shared/contract/datasets.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureLoraAdapter, fixtureModel } from '../helpers/fixtureModels.ts';
import { createTestEngine } from '../helpers/testEngine.ts';
import { conversationsJsonl, qaPairs } from '../integration/training/trainingHelpers.ts';

const key = 'e2e-remote-key-0123456789abcdef';
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The app's window, served by the desk's engine, switched in Settings onto an engine on a "bigger box". */
describe('connecting the UI to an engine on another machine, in Chromium', () => {
  let session: E2eSession;
  let boxServer: RunningServer;
  let deskModel: ModelEntry;
  let boxAdapter: LibraryAdapter;
  const box = createTestEngine('e2e-box');

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    boxServer = await startWorkbenchServer({ engine: box, port: 0, rendererDir: box.homePath, accessKey: key });
    const modelPath = await fixtureModel('tiny-chat');
    const boxModel = ((await box.call('models.add', { path: modelPath, name: 'on the box' })) as { model: ModelEntry }).model;
    boxAdapter = ((await box.call('adapters.add', { path: await fixtureLoraAdapter('tiny-chat', { rank: 4 }), model: boxModel.id, name: 'box adapter' })) as { adapter: LibraryAdapter }).adapter;
    session = await openE2eSession('remote');
    deskModel = ((await session.engine.call('models.add', { path: modelPath, name: 'on the desk' })) as { model: ModelEntry }).model;
  });
  afterAll(async () => {
    await session?.close();
    await boxServer?.close();
    await box.dispose();
  });

  const openSettings = async (): Promise<void> => {
    await session.page.locator('[data-nav="settings"]').click();
    await session.page.getByTestId('connection-section').waitFor();
  };

  it('says a wrong key in Settings and stays on this machine’s engine', async () => {
    const { page } = session;
    await openSettings();
    expect(await page.getByTestId('engine-badge').textContent()).toBe('Engine: this machine');
    await page.getByTestId('connection-url').fill(boxServer.url);
    await page.getByTestId('connection-key').fill('not-the-right-key-at-all');
    await page.getByTestId('connection-key').press('Enter');
    await expect.poll(() => page.getByTestId('connection-problem').textContent()).toContain('Wrong access key for this workbench engine');
    expect(await page.getByTestId('engine-badge').textContent()).toBe('Engine: this machine');
  });

  it('with the right key, the whole window drives the box: its data home, its models', async () => {
    const { page } = session;
    await page.getByTestId('connection-key').fill(key);
    await page.getByTestId('connection-connect').click();
    await expect.poll(() => page.getByTestId('engine-badge').textContent(), { timeout: 20_000 }).toBe(`Engine: ${boxServer.url}`);
    await openSettings();
    await expect.poll(() => page.getByTestId('connection-section').textContent()).toContain(box.homePath);
    await page.locator('[data-nav="models"]').click();
    await expect.poll(() => page.getByTestId('page-models').textContent()).toContain('on the box');
    expect(await page.getByTestId('page-models').textContent()).not.toContain('on the desk');
  });

  it('sends a dataset and an adapter up and brings an adapter back, with sha256 equal on both machines', async () => {
    const { page } = session;
    const dataset = join(session.engine.homePath, 'qa.jsonl');
    writeFileSync(dataset, conversationsJsonl(qaPairs));
    await openSettings();
    await page.getByTestId('remote-upload-path').fill(dataset);
    await page.getByTestId('remote-upload-name').fill('qa from the desk');
    await page.getByText('Dataset', { exact: true }).click();
    await page.getByTestId('remote-upload-submit').click();
    await expect.poll(() => page.getByTestId('remote-upload-result').textContent(), { timeout: 30_000 }).toContain(`sha256 ${sha256(dataset)}`);
    const boxDatasets = (await box.call('datasets.list', {})) as DatasetSummary[];
    expect(boxDatasets.map((entry) => entry.name)).toContain('qa from the desk');

    // An adapter goes up for a base the box has.
    const lora = await fixtureLoraAdapter('tiny-chat', { rank: 8 });
    await page.getByTestId('remote-upload-path').fill(lora);
    await page.getByTestId('remote-upload-name').fill('desk lora');
    await page.getByText('LoRA adapter (GGUF)', { exact: true }).click();
    expect(await page.getByTestId('remote-upload-submit').isDisabled()).toBe(true);
    await page.getByTestId('remote-upload-base').click();
    await page.getByRole('option', { name: 'on the box' }).click();
    await page.getByTestId('remote-upload-submit').click();
    await expect.poll(() => page.getByTestId('remote-upload-result').textContent(), { timeout: 30_000 }).toContain(`sha256 ${sha256(lora)}`);
    const boxAdapters = (await box.call('adapters.list', {})) as LibraryAdapter[];
    expect(boxAdapters.map((entry) => entry.name).sort()).toEqual(['box adapter', 'desk lora']);

    await page.getByTestId('remote-download-adapter').click();
    await page.getByRole('option', { name: 'box adapter' }).click();
    await page.getByTestId('remote-download-base').click();
    await page.getByRole('option', { name: 'on the desk' }).click();
    await page.getByTestId('remote-download-submit').click();
    await expect.poll(() => page.getByTestId('remote-download-result').textContent(), { timeout: 30_000 }).toContain(`sha256 ${sha256(boxAdapter.path)}`);
    const deskAdapters = (await session.engine.call('adapters.list', { model: deskModel.id })) as LibraryAdapter[];
    expect(deskAdapters.map((entry) => entry.name)).toEqual(['box adapter']);
    expect(sha256(deskAdapters[0]!.path)).toBe(sha256(boxAdapter.path));
    await session.screenshot('settings-remote-engine');
  });

  it('goes back to this machine’s engine', async () => {
    const { page } = session;
    await page.getByTestId('connection-local').click();
    await expect.poll(() => page.getByTestId('engine-badge').textContent(), { timeout: 20_000 }).toBe('Engine: this machine');
    await page.locator('[data-nav="models"]').click();
    await expect.poll(() => page.getByTestId('page-models').textContent()).toContain('on the desk');
  });
});

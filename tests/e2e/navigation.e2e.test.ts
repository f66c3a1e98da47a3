import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
const areas = ['home', 'models', 'playground', 'compare', 'tokenizer', 'datasets', 'training', 'hallucination', 'pretraining', 'settings'];

describe('app shell in Chromium', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openE2eSession('navigation');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('walks every area of the navigation and shows its page', async () => {
    const { page } = session;
    for (const area of areas) {
      await page.locator(`[data-nav="${area}"]`).click();
      await page.locator(`[data-testid="page-${area}"]`).waitFor();
      expect(page.url()).toContain(`#/${area}`);
    }
    const file = await session.screenshot('navigation-settings');
    expect(existsSync(file)).toBe(true);
  });

  it('shows the compute backend detected by the inference host in the status bar', async () => {
    const { page } = session;
    await expect.poll(async () => page.getByTestId('status-backend').textContent(), { timeout: 60_000 }).toBe('CPU');
    // node-llama-cpp prefers a build made by `npm run build:llama`; the status bar says which binary runs.
    const localBuild = existsSync(join(repoRoot, 'node_modules/node-llama-cpp/llama/localBuilds'));
    await expect(page.getByTestId('status-binary').textContent()).resolves.toContain(localBuild ? 'built for this machine' : 'prebuilt');
  });

  it('switches the interface to Simplified Chinese and keeps the choice', async () => {
    const { page } = session;
    await page.locator('[data-nav="settings"]').click();
    await page.getByTestId('language-switch').getByText('简体中文').click();
    await expect.poll(async () => page.locator('[data-nav="datasets"]').textContent()).toContain('数据集');
    const settings = (await session.engine.call('settings.get', {})) as Record<string, unknown>;
    expect(settings.language).toBe('zh');
    await page.reload();
    await expect.poll(async () => page.locator('[data-nav="training"]').textContent()).toContain('训练');
    await page.keyboard.press('Alt+4');
    await page.locator('[data-testid="page-tokenizer"]').waitFor();
    await session.screenshot('navigation-zh');
  });
});

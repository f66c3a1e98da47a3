import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureLoraAdapter, fixtureModel } from '../helpers/fixtureModels.ts';

describe('adapter library on the Models page in Chromium', () => {
  let session: E2eSession;
  let chat: ModelEntry;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    session = await openE2eSession('adapter-library');
    chat = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    await session.page.locator('[data-nav="models"]').click();
    await session.page.getByTestId('page-models').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('refuses an adapter of another shape naming the tensor, and lists a fitting one with its API id', async () => {
    const { page } = session;
    await page.getByTestId('adapter-base').click();
    await page.getByRole('option', { name: chat.name, exact: true }).click();
    await page.getByTestId('adapter-path').fill(await fixtureLoraAdapter('tiny-chat', { rank: 4 }, { ffn: 192 }));
    await page.getByTestId('adapter-add').click();
    await expect.poll(() => page.getByTestId('adapter-problem').textContent()).toMatch(/blk\.0\.ffn_\w+\.weight/);

    const fitting = await fixtureLoraAdapter('tiny-chat', { rank: 4 });
    await page.getByTestId('adapter-path').fill(fitting);
    await page.getByTestId('adapter-add').click();
    const row = page.getByTestId('adapter-row');
    await row.waitFor();
    expect(await row.textContent()).toContain(`${chat.name}+tiny-chat-lora`);
    await session.screenshot('models-adapter-library');
  });

  it("says an engine refusal in Chinese, keeping the engine's detail (the tensor)", async () => {
    const { page } = session;
    await session.engine.call('settings.set', { key: 'language', value: 'zh' });
    await page.reload();
    await page.locator('[data-nav="models"]').click();
    await page.getByTestId('adapter-base').click();
    await page.getByRole('option', { name: chat.name, exact: true }).click();
    await page.getByTestId('adapter-path').fill(await fixtureLoraAdapter('tiny-chat', { rank: 4 }, { ffn: 192 }));
    await page.getByTestId('adapter-add').click();
    await expect.poll(() => page.getByTestId('adapter-problem').textContent()).toMatch(/^适配器 .*不是为模型.*blk\.0\.ffn_\w+\.weight/);
    expect(await page.getByTestId('adapter-add').textContent()).toBe('添加文件');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSummary, PreviewResult } from '../../electron/shared/contract/datasets.ts';
import { datasetHash } from '../../renderer/src/pages/datasets/datasetRoute.ts';
import { templatePresets } from '../../renderer/src/pages/tokenizer/templatePresets.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';

const turn = (role: string, content: string) => ({ role, content });
const lines = [
  JSON.stringify({ messages: [turn('system', 'You are the LLM Workbench assistant.'), turn('user', 'Who are you?'), turn('assistant', 'The LLM Workbench assistant.')] }),
  '{"messages": [{"role": "user", "content": "broken"}',
  JSON.stringify({ messages: [turn('user', '今天几号？'), turn('assistant', '我不知道，我没有日历。')] }),
  JSON.stringify({ messages: [turn('user', 'a'), turn('user', 'b'), turn('assistant', 'c')] }),
  JSON.stringify({ messages: [turn('user', 'Is 9.11 bigger than 9.9?'), turn('assistant', 'No, 9.9 is bigger.')] }),
];

describe('datasets page in Chromium', () => {
  let session: E2eSession;
  let file: string;
  beforeAll(async () => {
    session = await openE2eSession('datasets');
    file = join(session.engine.homePath, 'chat-with-problems.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await session.page.locator('[data-nav="datasets"]').click();
    await session.page.getByTestId('dataset-import').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('imports a file through the page and lists every problem with its line', async () => {
    const { page } = session;
    await page.getByTestId('dataset-file-input').setInputFiles(file);
    await expect.poll(() => page.getByTestId('detected-format').textContent(), { timeout: 30_000 }).toContain('OpenAI chat messages');
    await page.getByTestId('dataset-import-start').click();
    await page.getByTestId('problem-list').waitFor({ timeout: 30_000 });
    const problems = page.getByTestId('problem-row');
    await expect.poll(() => problems.count()).toBe(2);
    const found = await problems.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-line'), node.getAttribute('data-code')]));
    expect(found).toEqual([
      ['2', 'bad_json'],
      ['4', 'roles_not_alternating'],
    ]);
    expect(await page.getByTestId('dataset-counts').textContent()).toMatch(/3 rows.*2 to fix/);
    expect(await page.getByTestId('dataset-import-message').textContent()).toContain('3 rows imported, 2 set aside');
    await session.screenshot('datasets-problems');
  });

  it('says each problem in the interface language, with its turn and roles', async () => {
    const { page } = session;
    const rolesProblem = page.locator('[data-testid="problem-row"][data-code="roles_not_alternating"] [data-testid="problem-text"]');
    expect(await rolesProblem.textContent()).toBe('Turn 2 (user) comes after the user turn; expected assistant');
    const dataset = ((await session.engine.call('datasets.list', {})) as DatasetSummary[])[0] as DatasetSummary;
    const switchTo = async (language: string): Promise<void> => {
      await page.locator('[data-nav="settings"]').click();
      await page.getByTestId('language-switch').getByText(language).click();
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, datasetHash(dataset.id));
      await page.getByTestId('dataset-tab-problems').click();
    };
    await switchTo('简体中文');
    await expect.poll(() => rolesProblem.textContent(), { timeout: 30_000 }).toBe('第 2 轮（user（用户））跟在 user（用户） 轮次之后；这里应为 assistant（助手）');
    await session.screenshot('datasets-problems-zh');
    await switchTo('English');
    await expect.poll(() => rolesProblem.textContent(), { timeout: 30_000 }).toContain('Turn 2 (user)');
  });

  it('opens a problem at its row and fixes it in place', async () => {
    const { page } = session;
    await page.locator('[data-testid="problem-row"][data-code="roles_not_alternating"]').click();
    const editor = page.locator('[data-testid="row-editor-text"] .cm-content');
    await expect.poll(() => editor.innerText()).toContain('"role": "user"');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ messages: [turn('user', 'a'), turn('assistant', 'b')] }));
    await page.getByTestId('row-editor-save').click();
    await expect.poll(() => page.getByTestId('problem-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('dataset-counts').textContent()).toMatch(/4 rows.*1 to fix/);
  });

  it('previews a row through a chat template with the train mask', async () => {
    const { page } = session;
    await page.getByTestId('dataset-tab-rows').click();
    await page.locator('[data-testid="row-item"][data-line="1"]').click();
    await page.getByTestId('row-editor-preview').click();
    const stream = page.getByTestId('preview-render-tokens');
    await stream.waitFor({ timeout: 30_000 });
    const dataset = ((await session.engine.call('datasets.list', {})) as DatasetSummary[])[0] as DatasetSummary;
    const rows = (await session.engine.call('datasets.rows', { datasetId: dataset.id, status: 'ok' })) as { rows: { id: number; line: number | null }[] };
    const expected = (await session.engine.call('datasets.preview', {
      datasetId: dataset.id,
      rowId: rows.rows.find((row) => row.line === 1)?.id,
      template: { kind: 'custom', text: templatePresets[0]?.text as string },
      tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' },
    })) as PreviewResult;
    if (expected.kind !== 'conversation') throw new Error('expected a conversation');
    const trainedIds = await stream.locator('[data-trained="true"]').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id'))));
    expect(trainedIds).toEqual(expected.render.tokens.filter((_, index) => (expected.render.mask[index] ?? 0) > 0).map((token) => token.id));
    expect(trainedIds.length).toBeGreaterThan(0);
    expect(await page.getByTestId('preview-render-count').textContent()).toContain(`${expected.render.trainedTokens} of ${expected.render.tokens.length} tokens are trained`);
    expect(await page.getByTestId('template-rendered-text').textContent()).toContain('The LLM Workbench assistant.');
    await session.screenshot('datasets-preview');
  });

  it('shows the length histogram', async () => {
    const { page } = session;
    await page.getByTestId('dataset-tab-stats').click();
    await page.getByTestId('stats-compute').click();
    await page.getByTestId('stats-histogram').locator('.recharts-bar-rectangle').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('stats-numbers').textContent()).toContain('4');
    await session.screenshot('datasets-stats');
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodeResult, RenderResult } from '../../electron/shared/contract/tokenizer.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';
import { writeByteLevelBpeGguf } from '../integration/tokenizer/vocabOnlyGguf.ts';

describe('tokenizer lab in Chromium', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openE2eSession('tokenizer');
    await session.page.locator('[data-nav="tokenizer"]').click();
    await session.page.getByTestId('page-tokenizer').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  const idsIn = async (testId: string): Promise<number[]> =>
    (await session.page.getByTestId(testId).locator('[data-testid="token"]').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id')))));

  const typeText = async (text: string): Promise<void> => {
    const { page } = session;
    await page.locator('[data-testid="tokenizer-text"] .cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  };

  it('shows two tokenizers side by side with ids, byte tokens as bytes, and counts', async () => {
    const { page } = session;
    await typeText('hello 你 韬');
    await expect.poll(() => idsIn('token-stream-0'), { timeout: 30_000 }).toEqual([15339, 220, 57668, 18630, 253, 105]);
    const o200k = (await session.engine.call('tokenizer.encode', {
      tokenizer: { kind: 'tiktoken', encoding: 'o200k_base' },
      text: 'hello 你 韬',
      specialTokens: 'text',
    })) as EncodeResult;
    await expect.poll(() => idsIn('token-stream-1')).toEqual(o200k.tokens.map((token) => token.id));
    // 韬 = e9 9f ac in three cl100k tokens: drawn as byte chips, never as replacement characters.
    const column = page.getByTestId('token-stream-0');
    expect(await column.getByTestId('byte-chip').allTextContents()).toEqual(['<E9>', '<9F>', '<AC>']);
    expect(await column.textContent()).not.toContain('\uFFFD');
    await expect.poll(() => page.getByTestId('tokenizer-column-0').getByTestId('token-count').textContent()).toBe('6');
    await expect.poll(() => page.getByTestId('tokenizer-column-1').getByTestId('token-count').textContent()).toBe(String(o200k.count));
    await session.screenshot('tokenizer-side-by-side');
  });

  it('encodes <|im_start|> as one special token only when special tokens are allowed', async () => {
    const { page } = session;
    await typeText('<|im_start|>user');
    await expect.poll(() => idsIn('token-stream-0')).not.toContain(100264);
    await page.getByTestId('special-tokens-mode').getByText('Allow').click();
    await expect.poll(() => idsIn('token-stream-0')).toEqual([100264, 882]);
    expect(await page.getByTestId('token-stream-0').locator('[data-special="true"]').count()).toBe(1);
  });

  it('steps through tokens with the keyboard and shows the token details', async () => {
    const { page } = session;
    await page.getByTestId('token-stream-0').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('token-details').first().textContent()).toContain('100264');
  });

  it("puts a model's own tokenizer (GGUF) next to an OpenAI encoding", async () => {
    const { page } = session;
    const modelPath = join(session.engine.homePath, 'bpe.gguf');
    writeByteLevelBpeGguf(modelPath);
    await page.getByTestId('special-tokens-mode').getByText('As text').click();
    await typeText('hello 你好');
    await page.getByTestId('tokenizer-picker-1-kind').click();
    await page.getByRole('option', { name: 'Model (GGUF)' }).click();
    await page.getByTestId('tokenizer-picker-1-model').fill(modelPath);
    await page.getByTestId('tokenizer-picker-1-model').press('Enter');
    const expected = (await session.engine.call('tokenizer.encode', {
      tokenizer: { kind: 'model', model: modelPath },
      text: 'hello 你好',
      specialTokens: 'text',
    })) as EncodeResult;
    await expect.poll(() => idsIn('token-stream-1'), { timeout: 60_000 }).toEqual(expected.tokens.map((token) => token.id));
    expect(await page.getByTestId('token-stream-1').getByTestId('byte-chip').allTextContents()).toEqual(['<E5>', '<A5>', '<BD>']);
    await session.screenshot('tokenizer-model-column');
  });

  it('renders the chat template with the train mask over the assistant turn', async () => {
    const { page } = session;
    await page.getByTestId('tab-template').click();
    await page.getByTestId('template-token-stream').waitFor({ timeout: 30_000 });
    const expected = (await session.engine.call('tokenizer.renderTemplate', {
      messages: [
        { role: 'system', content: '你是一个AI助手' },
        { role: 'user', content: '锄禾日当午' },
        { role: 'assistant', content: '汗滴禾下土。《悯农二首》是唐代诗人李绅的组诗作品。' },
      ],
      template: { kind: 'custom', text: await page.locator('[data-testid="template-editor"] .cm-content').innerText() },
      tokenizer: { kind: 'tiktoken', encoding: 'cl100k_base' },
    })) as RenderResult;
    const trainedIds = await page
      .getByTestId('template-token-stream')
      .locator('[data-trained="true"]')
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id'))));
    expect(trainedIds).toEqual(expected.tokens.filter((_, index) => (expected.mask[index] ?? 0) > 0).map((token) => token.id));
    expect(trainedIds.at(-1)).toBe(100265); // <|im_end|> closes the trained turn
    await session.screenshot('tokenizer-chat-template');
  });

  it('points at the template line of a syntax error', async () => {
    const { page } = session;
    await page.locator('[data-testid="template-editor"] .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n{% if messages %}');
    await page.getByTestId('template-render').click();
    await expect.poll(() => page.getByTestId('template-error').textContent()).toMatch(/Line 7, column 1/);
    expect(await page.locator('.cm-template-error-line').count()).toBe(1);
  });

  it("takes a library model's name once for its template and its tokens (no cl100k mask meanwhile)", async () => {
    const { page } = session;
    const chat = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    await page.getByTestId('template-source').getByText('From the model (GGUF)').click();
    await page.getByTestId('template-model').fill(chat.name);
    await page.getByTestId('template-render').click();
    const messages = [
      { role: 'system', content: '你是一个AI助手' },
      { role: 'user', content: '锄禾日当午' },
      { role: 'assistant', content: '汗滴禾下土。《悯农二首》是唐代诗人李绅的组诗作品。' },
    ];
    const expected = (await session.engine.call('tokenizer.renderTemplate', {
      messages,
      template: { kind: 'model', model: chat.name },
      tokenizer: { kind: 'model', model: chat.name },
    })) as RenderResult;
    await expect.poll(() => page.getByTestId('trained-count').textContent(), { timeout: 30_000 }).toContain(`${expected.trainedTokens} of ${expected.tokens.length}`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareRunRecord, CompareRunSummary } from '../../electron/shared/contract/compare.ts';
import type { JobRecord } from '../../electron/shared/contract/jobs.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import type { GenerationResult, RunRecord, RunSummary } from '../../electron/shared/contract/generate.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureLoraAdapter, fixtureModel } from '../helpers/fixtureModels.ts';

/** Pages keep what the user set up and what ran while the app runs: leaving and coming back loses nothing. */
describe('page state across navigation in Chromium', () => {
  let session: E2eSession;
  let base: ModelEntry;
  let chat: ModelEntry;
  let adapter: string;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('page-state');
    base = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    adapter = await fixtureLoraAdapter('tiny-chat', { rank: 4 });
  });
  afterAll(async () => {
    await session?.close();
  });

  const goTo = async (area: string): Promise<void> => {
    await session.page.locator(`[data-nav="${area}"]`).click();
    await session.page.getByTestId(`page-${area}`).waitFor();
  };
  /** Waits, on whatever page is open, until no job of this kind runs in the engine. */
  const jobsSettled = async (kind: JobRecord['kind']): Promise<void> => {
    await expect
      .poll(async () => ((await session.engine.call('jobs.list', {})) as JobRecord[]).filter((job) => job.kind === kind && (job.state === 'running' || job.state === 'queued')).length, {
        timeout: 90_000,
      })
      .toBe(0);
  };

  it('keeps the playground model, mode, conversation, adapter, settings and output, and a run finished while away', async () => {
    const { page } = session;
    await goTo('playground');
    await page.getByTestId('playground-model').click();
    await page.getByRole('option', { name: `${chat.name} (${chat.kind})` }).click();
    await page.getByTestId('playground-mode').getByText('Chat').click();
    await page.getByTestId('playground-adapter-path').fill(adapter);
    await page.getByTestId('playground-adapter-path').press('Enter');
    await page.getByTestId('playground-adapter').waitFor();
    await page.getByTestId('max-tokens').fill('40');
    await page.getByTestId('sampling-seed').fill('1234');
    await page.getByTestId('chat-draft').fill('Tell me a story');
    await page.getByTestId('playground-run').click();
    // Leave at once: the run goes on while the Models page is open.
    await goTo('models');
    await jobsSettled('generate');

    await goTo('playground');
    const history = (await session.engine.call('generate.history', {})) as { runs: RunSummary[] };
    const saved = (await session.engine.call('generate.historyGet', { id: history.runs[0]!.id })) as RunRecord;
    const sample = (saved.result as GenerationResult).samples[0]!;
    const answer = sample.text;
    await page.getByTestId('output-stats').waitFor({ timeout: 10_000 });
    const shownTokens = await page.getByTestId('output-token').evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-token-id'))));
    expect(shownTokens).toEqual(sample.tokens.map((token) => token.id));
    expect(await page.getByTestId('playground-model').inputValue()).toBe(`${chat.name} (${chat.kind})`);
    expect(await page.getByTestId('playground-mode').locator('input:checked').inputValue()).toBe('chat');
    expect(await page.getByTestId('max-tokens').inputValue()).toBe('40');
    expect(await page.getByTestId('sampling-seed').inputValue()).toBe('1234');
    // The typed adapter joined the library for this base and is shown by its library name.
    expect(await page.getByTestId('playground-adapter').allTextContents()).toEqual(['tiny-chat-lora']);
    expect(await page.getByTestId('playground-adapter').getAttribute('title')).toBe(adapter);
    // The conversation: the user turn and the answer that arrived while the page was away.
    const messages = page.getByTestId('chat-message');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.nth(0).locator('textarea').inputValue()).toBe('Tell me a story');
    expect(await messages.nth(1).locator('textarea').inputValue()).toBe(answer);
  });

  it('sends a chat message with Enter; Shift+Enter makes a new line', async () => {
    const { page } = session;
    await goTo('playground');
    const draft = page.getByTestId('chat-draft');
    await draft.fill('');
    await draft.pressSequentially('first line');
    await draft.press('Shift+Enter');
    await draft.pressSequentially('second line');
    expect(await draft.inputValue()).toBe('first line\nsecond line');
    const messages = page.getByTestId('chat-message');
    const before = await messages.count();
    await draft.press('Enter');
    await expect.poll(() => messages.count()).toBeGreaterThan(before);
    expect(await messages.nth(before).locator('textarea').inputValue()).toBe('first line\nsecond line');
    expect(await draft.inputValue()).toBe('');
    await jobsSettled('generate');
  });

  it('finds the playground setup, conversation and draft again after a reload of the window', async () => {
    const { page } = session;
    await goTo('playground');
    const messages = page.getByTestId('chat-message');
    const conversation = await messages.locator('textarea').evaluateAll((nodes) => nodes.map((node) => (node as HTMLTextAreaElement).value));
    expect(conversation.length).toBeGreaterThanOrEqual(2);
    await page.getByTestId('chat-draft').fill('not sent yet');
    await page.reload();
    await page.getByTestId('page-playground').waitFor();
    await expect.poll(() => page.getByTestId('playground-model').inputValue(), { timeout: 30_000 }).toBe(`${chat.name} (${chat.kind})`);
    expect(await page.getByTestId('playground-mode').locator('input:checked').inputValue()).toBe('chat');
    expect(await page.getByTestId('max-tokens').inputValue()).toBe('40');
    expect(await page.getByTestId('sampling-seed').inputValue()).toBe('1234');
    expect(await page.getByTestId('playground-adapter').allTextContents()).toEqual(['tiny-chat-lora']);
    expect(await messages.locator('textarea').evaluateAll((nodes) => nodes.map((node) => (node as HTMLTextAreaElement).value))).toEqual(conversation);
    expect(await page.getByTestId('chat-draft').inputValue()).toBe('not sent yet');
    await page.getByTestId('chat-draft').fill('');
  });

  it('keeps the compare outputs after leaving the page mid-run', async () => {
    const { page } = session;
    await goTo('compare');
    await expect.poll(() => page.getByTestId('contender-0-model').inputValue(), { timeout: 30_000 }).toBe(`${base.name} (base)`);
    await page.getByTestId('compare-max-tokens').fill('24');
    await page.getByTestId('compare-prompt').fill('Once upon a time');
    await page.getByTestId('compare-run').click();
    await goTo('home');
    await jobsSettled('compare');

    await goTo('compare');
    const history = (await session.engine.call('compare.history', {})) as { runs: CompareRunSummary[] };
    const run = (await session.engine.call('compare.historyGet', { id: history.runs[0]!.id })) as CompareRunRecord;
    expect(run.state).toBe('done');
    for (const cell of run.cells) {
      expect(await page.getByTestId(`column-${cell.column}`).getAttribute('data-status')).toBe('done');
      expect(await page.getByTestId(`column-${cell.column}-output`).textContent()).toBe(cell.text);
    }
    expect(await page.getByTestId('compare-prompt').inputValue()).toBe('Once upon a time');
  });

  it('picks a library adapter by name for a compare column', async () => {
    const { page } = session;
    await goTo('compare');
    await page.getByTestId('contender-1-adapter').fill('tiny-chat-lo');
    await page.getByRole('option', { name: 'tiny-chat-lora' }).click();
    const shown = page.getByTestId('contender-1').getByTitle(adapter);
    await shown.waitFor();
    expect(await shown.textContent()).toBe('tiny-chat-lora');
  });

  it("shows the home page's steps as links, marked done from what the app holds", async () => {
    const { page } = session;
    await goTo('home');
    for (const step of ['models', 'playground', 'compare']) await expect.poll(() => page.getByTestId(`home-step-${step}`).getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('home-step-training').getAttribute('data-done')).toBe('false');
    await page.getByTestId('home-step-compare').getByRole('link').click();
    await page.getByTestId('page-compare').waitFor();
  });
});

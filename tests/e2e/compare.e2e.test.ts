import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareRunRecord, CompareRunSummary, Leaderboard, ShiftResult } from '../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

describe('compare in Chromium', () => {
  let session: E2eSession;
  let base: ModelEntry;
  let chat: ModelEntry;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('compare');
    base = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    chat = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-chat') })) as { model: ModelEntry }).model;
    await session.page.locator('[data-nav="compare"]').click();
    await session.page.getByTestId('page-compare').waitFor();
  });
  afterAll(async () => {
    await session?.close();
  });

  const latestRun = async (): Promise<CompareRunRecord> => {
    const history = (await session.engine.call('compare.history', {})) as { runs: CompareRunSummary[] };
    return (await session.engine.call('compare.historyGet', { id: history.runs[0]!.id })) as CompareRunRecord;
  };

  it('starts as base vs chat and runs a 2-column comparison with Ctrl+Enter, streaming both columns', async () => {
    const { page } = session;
    // A library with a base and a chat model opens as "base vs chat".
    await expect.poll(() => page.getByTestId('contender-0-model').inputValue(), { timeout: 30_000 }).toBe(`${base.name} (base)`);
    expect(await page.getByTestId('contender-1-model').inputValue()).toBe(`${chat.name} (chat)`);
    await page.getByTestId('compare-max-tokens').fill('16');
    await page.getByTestId('compare-seed').fill('7');
    await page.getByTestId('compare-prompt').fill('Once upon a time');
    await page.getByTestId('compare-prompt').press('Control+Enter');

    for (const column of [0, 1]) {
      await expect.poll(() => page.getByTestId(`column-${column}`).getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
    }
    const run = await latestRun();
    expect(run.prompts).toEqual(['Once upon a time']);
    expect(run.settings.seed).toBe(7);
    expect(run.contenders.map((contender) => [contender.modelPath, contender.mode])).toEqual([
      [base.path, 'raw'],
      [chat.path, 'chat'],
    ]);
    for (const cell of run.cells) {
      const output = page.getByTestId(`column-${cell.column}-output`);
      if (cell.text !== '') expect(await output.textContent()).toBe(cell.text);
      expect(await page.getByTestId(`column-${cell.column}-tokens`).textContent()).toContain(String(cell.timings!.generatedTokens));
      expect(await page.getByTestId(`column-${cell.column}-ttft`).textContent()).toMatch(/\d+ ms/);
    }
    expect(await page.getByTestId('column-1-label').textContent()).toContain(`${chat.name} · chat`);
    expect(await page.getByTestId('placement-badge').getAttribute('data-placement')).toBe('together');
    await session.screenshot('compare-side-by-side');
  });

  it('shows a word diff of the two outputs', async () => {
    const { page } = session;
    await page.getByTestId('compare-diff-toggle').click({ force: true });
    await page.getByTestId('output-diff').waitFor();
    const run = await latestRun();
    if (run.cells[0]!.text !== run.cells[1]!.text) expect(await page.getByTestId('output-diff').locator('[data-diff]').count()).toBeGreaterThan(0);
  });

  it('scores one column output under both contenders in the shift view, coloured by delta', async () => {
    const { page } = session;
    const run = await latestRun();
    const column = run.cells.findIndex((cell) => cell.text !== '');
    expect(column).toBeGreaterThanOrEqual(0);
    await page.getByTestId(`column-${column}`).getByRole('button', { name: 'Score in shift view' }).click();
    await page.getByTestId('shift-text').waitFor();
    expect(await page.getByTestId('shift-text').inputValue()).toBe(run.cells[column]!.text);
    await page.getByTestId('shift-score').click();
    await page.getByTestId('shift-result').waitFor({ timeout: 60_000 });
    const expected = (await session.engine.call('compare.shift', {
      contenders: run.contenders.map((contender) => ({ model: contender.modelPath, mode: contender.mode })),
      text: run.cells[column]!.text,
      prompt: 'Once upon a time',
      top: 3,
    })) as ShiftResult;
    const segments = page.getByTestId('shift-text-1').getByTestId('shift-segment');
    expect(await segments.count()).toBe(expected.segments.length);
    const deltas = (await segments.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-delta')))).map((value) => (value ? Number(value) : null));
    deltas.forEach((delta, index) => {
      const [own, baseline] = [expected.segments[index]!.logprobs[1], expected.segments[index]!.logprobs[0]];
      if (own == null || baseline == null) expect(delta).toBeNull();
      else expect(delta).toBeCloseTo(own - baseline, 3);
    });
    await segments.first().hover();
    await page.getByTestId('shift-details').waitFor();
    await page.getByTestId('shift-chart').waitFor();
    await session.screenshot('compare-shift-view');
  });

  it('plays a blind round voted with the keyboard, reveals both sides and updates the leaderboard', async () => {
    const { page } = session;
    await page.getByTestId('compare-tab-blind').click();
    await page.getByTestId('blind-start').click();
    await expect.poll(() => page.getByTestId('vote-a').isEnabled(), { timeout: 90_000 }).toBe(true);
    // Nothing on screen says who A and B are yet.
    const before = await page.getByTestId('page-compare').locator('[data-testid^="blind-answer"]').allTextContents();
    for (const text of before) expect(text).not.toContain(base.name);
    await page.getByTestId('blind-answer-a').click();
    await page.keyboard.press('1');
    await page.getByTestId('blind-reveal').waitFor();
    const board = (await session.engine.call('compare.leaderboard', {})) as Leaderboard;
    expect(board.votes).toBe(1);
    const revealedA = (await page.getByTestId('blind-reveal-a').textContent())!.replace(/^= /, '');
    expect(board.entries[0]!.label).toBe(revealedA);
    await expect.poll(() => page.getByTestId('leaderboard-label').allTextContents()).toEqual(board.entries.map((entry) => entry.label));
    await session.screenshot('compare-blind-vote');
  });

  it('runs a prompt set as one batch with progress and a results table, then lists it in history', async () => {
    const { page } = session;
    await page.getByTestId('compare-tab-sets').click();
    await page.getByTestId('set-prompts').fill('Hello there\n你好');
    await expect.poll(() => page.getByTestId('set-count').textContent()).toBe('2 prompts');
    await page.getByTestId('set-run').click();
    await expect.poll(() => page.getByTestId('set-progress-text').textContent(), { timeout: 90_000 }).toBe('4 of 4 answers');
    const run = await latestRun();
    expect(run.prompts).toEqual(['Hello there', '你好']);
    expect(run.cells).toHaveLength(4);
    const cell = run.cells.find((entry) => entry.prompt === 1 && entry.column === 1)!;
    expect(await page.getByTestId('results-cell-1-1').textContent()).toContain(cell.text.slice(0, 8));
    await session.screenshot('compare-prompt-set');
    await page.getByTestId('compare-tab-history').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(2);
  });

  it('runs the columns one after another when asked, and says so', async () => {
    const { page } = session;
    await page.getByTestId('compare-tab-side').click();
    await page.getByTestId('placement-choice').getByText('One by one').click();
    await page.getByTestId('compare-prompt').press('Control+Enter');
    await page.getByTestId('sequential-note').waitFor({ timeout: 60_000 });
    for (const column of [0, 1]) {
      await expect.poll(() => page.getByTestId(`column-${column}`).getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
    }
    expect((await latestRun()).plan).toMatchObject({ placement: 'sequential', forced: true });
  });

  it('speaks Simplified Chinese', async () => {
    const { page } = session;
    await session.engine.call('settings.set', { key: 'language', value: 'zh' });
    await page.reload();
    await page.locator('[data-nav="compare"]').click();
    await expect.poll(() => page.getByTestId('compare-tab-side').textContent()).toBe('并排对比');
    expect(await page.getByTestId('base-vs-chat').textContent()).toBe('基座 vs 对话');
    await session.screenshot('compare-zh');
  });
});

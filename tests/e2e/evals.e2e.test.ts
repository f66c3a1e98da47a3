import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalItemResult, EvalRun } from '../../electron/shared/contract/evals.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';

/** Five multiple-choice items in the JSONL form (choices + answer index or letter). */
const TASK_LINES = [
  { question: 'Which number is larger, 9.9 or 9.11?', choices: ['9.9', '9.11'], answer: 0 },
  { question: 'What colour is the sky on a clear day?', choices: ['green', 'blue', 'red'], answer: 'B' },
  { question: 'How many legs does a cat have?', choices: ['two', 'four', 'six', 'eight'], answer: 1 },
  { question: '一周有几天？', choices: ['五天', '七天'], answer: 1 },
  { question: 'Which is a fruit?', choices: ['apple', 'stone', 'chair'], answer: 0 },
];

/**
 * The Evals page in Chromium: a five-item task file on a tiny model fills the model × task matrix with what the
 * engine stored, and the cell opens each item's choices with their log P; a running eval is found again after a
 * reload and cancelled from the page.
 */
describe('evals page in Chromium', () => {
  let session: E2eSession;
  let model: ModelEntry;
  let taskFile: string;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    process.env.WORKBENCH_THREADS = '1';
    session = await openE2eSession('evals');
    model = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
    taskFile = join(session.engine.homePath, 'five.jsonl');
    writeFileSync(taskFile, `${TASK_LINES.map((line) => JSON.stringify(line)).join('\n')}\n`);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  const openPage = async () => {
    await session.page.locator('[data-nav="evals"]').click();
    await session.page.getByTestId('evals-page').waitFor();
  };

  it('runs a task file on a model, shows the matrix cell with its interval and drills into the items', async () => {
    const { page } = session;
    await openPage();
    await page.getByTestId('eval-target-0-model').fill(model.name);
    // Only the file task: clear the preselected built-in.
    const builtins = page.getByTestId('eval-builtin-tasks');
    await builtins.focus();
    await builtins.press('Backspace');
    await builtins.press('Escape');
    await page.getByTestId('eval-task-files').fill(taskFile);
    await page.getByTestId('eval-run').click();
    await page.getByTestId('eval-cell-0-0').waitFor({ timeout: 120_000 });

    const [run] = (await session.engine.call('evals.runs', {})) as EvalRun[];
    expect(run).toMatchObject({ state: 'done', itemCount: 5, label: model.name, taskName: 'five' });
    const summary = run!.summary!;
    const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
    const cell = page.getByTestId('eval-cell-0-0');
    expect(await cell.textContent()).toContain(`${percent(summary.accuracy)} ± ${(((summary.interval[1] - summary.interval[0]) / 2) * 100).toFixed(1)}`);
    expect(await cell.textContent()).toContain(`${summary.correct} of 5 right`);
    // acc_norm: the same cell from the length-normalised choice
    await page.getByTestId('eval-metric').getByText('acc_norm').click();
    await expect.poll(() => cell.textContent()).toContain(percent(summary.accNorm));
    expect(Number(await page.getByTestId('eval-chart').getAttribute('data-points'))).toBe(1);
    await session.screenshot('evals-matrix');

    await cell.click();
    const items = page.getByTestId('eval-items');
    await items.waitFor();
    const rows = items.getByTestId('eval-item-row');
    await expect.poll(() => rows.count()).toBe(5);
    const detail = (await session.engine.call('evals.run', { id: run!.id })) as { items: EvalItemResult[] };
    const second = detail.items[1] as Extract<EvalItemResult, { kind: 'choice' }>;
    const secondRow = rows.nth(1);
    expect(await secondRow.getAttribute('data-correct')).toBe(String(second.correct));
    const choices = secondRow.getByTestId('eval-choice');
    expect(await choices.count()).toBe(3);
    for (const [index, choice] of second.choices.entries()) {
      const text = (await choices.nth(index).textContent()) ?? '';
      expect(text).toContain(choice.logprob.toFixed(3));
      expect(text.includes('chosen')).toBe(index === second.chosen);
      expect(text.includes('right answer')).toBe(index === 1);
    }
    await session.screenshot('evals-items');
    await page.keyboard.press('Escape');
  }, 180_000);

  it('says which line and field of a malformed task file is wrong, and starts nothing', async () => {
    const { page } = session;
    const broken = join(session.engine.homePath, 'broken.jsonl');
    writeFileSync(broken, `${JSON.stringify(TASK_LINES[0])}\n${JSON.stringify({ question: 'Pick one', choices: ['a', 'b'], answer: 'E' })}\n`);
    const before = ((await session.engine.call('evals.runs', {})) as EvalRun[]).length;
    await page.getByTestId('eval-task-files').fill(broken);
    await page.getByTestId('eval-run').click();
    const message = page.getByTestId('eval-message');
    await expect.poll(() => message.textContent()).toMatch(/Line 2 of broken\.jsonl: the field "answer"/);
    expect(((await session.engine.call('evals.runs', {})) as EvalRun[]).length).toBe(before);
  });

  it('finds a running eval again after a reload and cancels it from the page', async () => {
    const { page } = session;
    // Arithmetic first, answered in full (up to 256 tokens an item), then the other built-ins, twice: long enough to
    // still run after the reload on a fast machine.
    const tasks = ['arithmetic', 'general-en', 'general-zh', 'traps'].map((name) => ({ kind: 'builtin', name }));
    const { runIds } = (await session.engine.call('evals.start', { targets: [{ model: model.name }, { model: model.path }], tasks })) as { runIds: string[] };
    await page.reload();
    await openPage();
    await page.getByTestId('eval-cancel').click({ timeout: 60_000 });
    await page.getByTestId('eval-message').waitFor({ timeout: 60_000 });
    const runs = (await session.engine.call('evals.runs', {})) as EvalRun[];
    expect(runs.find((candidate) => candidate.id === runIds[0])?.state).toBe('cancelled');
    expect(await page.getByTestId('eval-runs').textContent()).toContain('cancelled');
    expect(await page.getByTestId('eval-cancel').count()).toBe(0);
  }, 120_000);
});

import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * On the Pretraining page: generates a 20-person world, then runs the nano preset for `steps` steps and waits for
 * its result, as a user does before looking at the run (pretraining.e2e) or handing its base model on (pretrainingChat.e2e).
 */
export async function pretrainNano(page: Page, steps: number): Promise<void> {
  await page.getByTestId('world-people').fill('20');
  await page.getByTestId('world-generate').click();
  await expect.poll(() => page.getByTestId('world-summary').textContent(), { timeout: 30_000 }).toMatch(/^20 people/);
  await page.getByTestId('run-preset').click();
  await page.getByRole('option', { name: 'nano' }).click();
  await page.getByTestId('run-steps').fill(String(steps));
  await page.getByTestId('run-start').click();
  await page.getByTestId('run-result').waitFor({ timeout: 100_000 });
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import { hallucinationMigration } from '../../../electron/engine/store/migrations/005_hallucination.ts';
import { modelsMigration } from '../../../electron/engine/store/migrations/008_models.ts';
import { migrations } from '../../../electron/engine/store/migrations/index.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('hallucination-cli');
afterAll(() => home.cleanup());
const { workbench } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });

/**
 * The CLI opens the engine with the registered migrations only. Until 005 (this lab) and 008 (models) can be
 * listed in migrations/index.ts (it must stay 1, 2, 3… without gaps), create their tables in the test's data
 * home beforehand; the engine then finds them.
 */
function prepareDataHome(): void {
  const db = openDatabase(join(home.path, 'workbench.sqlite'));
  for (const migration of [modelsMigration, hallucinationMigration]) {
    if (!migrations.some((listed) => listed.version === migration.version)) migration.up(db);
  }
  db.close();
}

describe('workbench hallucination (CLI)', () => {
  let chat: string;
  beforeAll(async () => {
    chat = await fixtureModel('tiny-chat');
    prepareDataHome();
  });

  it('validate reports every problem of a suite file with its line, path and code', async () => {
    const file = join(home.path, 'mine.jsonl');
    writeFileSync(file, [JSON.stringify({ id: 'a', category: 'mine', lang: 'en', prompt: 'Who?', expected: 'refuse' }), '{oops', JSON.stringify({ id: 'b', category: 'mine', lang: 'en', expected: 'answer' })].join('\n'));
    const failed = await workbench('hallucination', 'validate', file, '--json').catch((error: { code: number; stdout: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    const report = JSON.parse((failed as { stdout: string }).stdout) as { validItems: number; errors: { line: number; path: string; code: string }[]; counts: Record<string, number> };
    expect(report.validItems).toBe(1);
    expect(report.errors.map((error) => [error.line, error.path, error.code])).toEqual([
      [2, '', 'bad_json'],
      [3, 'prompt', 'missing_field'],
    ]);
    const builtin = JSON.parse((await workbench('hallucination', 'validate', 'builtin', '--json')).stdout) as { validItems: number; errors: unknown[] };
    expect(builtin.errors).toEqual([]);
    expect(builtin.validItems).toBeGreaterThanOrEqual(95);
  });

  it('refuses a missing suite file with a one-line error', async () => {
    await expect(workbench('hallucination', 'validate', join(home.path, 'missing.jsonl'))).rejects.toMatchObject({ stderr: expect.stringMatching(/missing\.jsonl: no such file/) });
  });

  it('run --json prints {items: [{id, category, lang, prompt, output, verdict, why}], summary}', async () => {
    const { stdout } = await workbench('hallucination', 'run', '--model', chat, '--suite', 'builtin', '--category', 'number_comparison', '--limit', '3', '--samples', '2', '--max-tokens', '4', '--json');
    const result = JSON.parse(stdout) as { items: Record<string, unknown>[]; summary: { overall: { items: number }; byCategory: Record<string, unknown> } };
    expect(result.items).toHaveLength(3);
    for (const item of result.items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'category', 'lang', 'prompt', 'output', 'verdict', 'why']));
      expect(item.category).toBe('number_comparison');
      expect(item.samples).toHaveLength(2);
    }
    expect(result.summary.overall.items).toBe(3);
    expect(Object.keys(result.summary.byCategory)).toEqual(['number_comparison']);
  });
});

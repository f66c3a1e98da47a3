import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd });

async function castMessages(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'electron/engine/models/example.ts' });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const host = "import type { SupervisedHost } from '../hosts/supervisedHost.ts';\ndeclare const host: SupervisedHost;\n";

/** A host's reply is typed by its contract; lint refuses the casts that used to read it. */
describe('host reply casts (lint)', () => {
  it.each([
    ['an awaited reply', `${host}export const loaded = (await host.request('models.loaded', {})) as string[];\n`],
    ['a reply promise', `${host}export const loaded = host.request('models.loaded', {}) as Promise<string[]>;\n`],
    ['a reply promise with a catch', `${host}export const loaded = host.request('models.loaded', {}).catch(() => null) as Promise<string[] | null>;\n`],
  ])('refuses a cast on %s', async (_name, code) => {
    expect((await castMessages(code)).join()).toContain("typed by the host's contract");
  });

  it('lets a typed reply through', async () => {
    expect(await castMessages(`${host}export const loaded = await host.request('models.loaded', {});\n`)).toEqual([]);
  });
});

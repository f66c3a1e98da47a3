import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd });

async function castMessages(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'renderer/src/pages/example/Example.ts' });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

/** Job progress and results are parsed by their kind's schema in the renderer; lint refuses the casts that used to read them. */
describe('job payload casts (lint)', () => {
  it.each([
    ['a result', 'declare const event: { result: unknown };\ninterface R { name: string }\nexport const r = event.result as R;\n'],
    ['progress items', 'declare const event: { data: unknown };\ninterface P { n: number }\nexport const items = Array.isArray(event.data) ? (event.data as P[]) : [];\n'],
    ['a conditional', 'declare const event: { data: unknown };\ninterface P { n: number }\nexport const items = (Array.isArray(event.data) ? event.data : []) as P[];\n'],
    ['a double cast', 'declare const record: { result: Record<string, unknown> };\ninterface R { text: string }\nexport const r = record.result as unknown as R;\n'],
  ])('refuses %s cast', async (_name, code) => {
    expect((await castMessages(code)).join()).toContain('parseJobResult');
  });

  it('lets a parse through', async () => {
    const code =
      "import { parseJobResult } from '../../../../electron/shared/contract/jobPayloads.ts';\ndeclare const event: { result: unknown };\nexport const r = parseJobResult('download', event.result);\n";
    expect(await castMessages(code)).toEqual([]);
  });
});

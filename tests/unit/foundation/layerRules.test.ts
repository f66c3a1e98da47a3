import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (lint)', () => {
  it('forbids Electron imports in the engine', async () => {
    const messages = await restrictedImportMessages('electron/engine/example.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(messages.join()).toContain('plain Node');
  });

  it('lets the renderer import the shared contract but not engine code or Node', async () => {
    expect(await restrictedImportMessages('renderer/src/example.ts', "import { methods } from '../../electron/shared/contract/index.ts';\nexport const x = methods;\n")).toEqual([]);
    expect((await restrictedImportMessages('renderer/src/example.ts', "import { createEngine } from '../../electron/engine/createEngine.ts';\nexport const x = createEngine;\n")).length).toBe(1);
    expect((await restrictedImportMessages('renderer/src/example.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).length).toBe(1);
  });

  it('keeps raw ipcMain out of everything but the IPC router', async () => {
    const messages = await restrictedImportMessages('electron/main/window.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n");
    expect(messages.join()).toContain('raw IPC');
  });
});

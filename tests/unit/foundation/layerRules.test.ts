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

  it('refuses host-side code (a host/ folder, host handlers, node-llama-cpp, the native trainer) in engine-side files', async () => {
    const engineFile = 'electron/engine/models/registerModelsHandlers.ts';
    for (const code of [
      "import type { HostModel } from '../inference/host/hostModels.ts';\nexport type X = HostModel;\n",
      "import { getLlama } from 'node-llama-cpp';\nexport const x = getLlama;\n",
      "import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';\nexport const x = loadNativeTrainer;\n",
      "import { inferenceHostHandlers } from '../inference/inferenceHostHandlers.ts';\nexport const x = inferenceHostHandlers;\n",
      "import { generateInHost } from '../inference/host/generateInHost.ts';\nexport const x = generateInHost;\n",
    ]) {
      expect((await restrictedImportMessages(engineFile, code)).join(), code).toContain('host process');
    }
    // The seam both sides share is allowed, and host-side files may use the runtimes.
    expect(await restrictedImportMessages(engineFile, "import type { LoadedModelState } from '../inference/inferenceHostContract.ts';\nexport type X = LoadedModelState;\n")).toEqual([]);
    expect(await restrictedImportMessages('electron/engine/inference/host/example.ts', "import { getLlama } from 'node-llama-cpp';\nimport { hostModels } from './hostModels.ts';\nexport const x = [getLlama, hostModels];\n")).toEqual([]);
    expect(await restrictedImportMessages('electron/engine/tokenizer/tokenizerHostHandlers.ts', "import { hostModels } from '../inference/host/hostModels.ts';\nexport const x = hostModels;\n")).toEqual([]);
    // The CLI runs the engine in-process: engine side too.
    expect((await restrictedImportMessages('apps/cli/src/commands/example.ts', "import { hostModels } from '../../../../electron/engine/inference/host/hostModels.ts';\nexport const x = hostModels;\n")).length).toBe(1);
  });

  it('keeps raw ipcMain out of everything but the IPC router', async () => {
    const messages = await restrictedImportMessages('electron/main/window.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n");
    expect(messages.join()).toContain('raw IPC');
  });
});

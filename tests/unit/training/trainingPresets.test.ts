import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTrainingConfig } from '../../../electron/engine/training/resolveTrainingConfig.ts';
import { presetValues } from '../../../electron/engine/training/trainingPresets.ts';
import { openDataHome } from '../../../electron/engine/store/dataHome.ts';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import { trainingConfigSchema, trainingObjectives, trainingPresets } from '../../../electron/shared/contract/training.ts';

describe('training presets and config resolution', () => {
  let dir: string;
  let modelPath: string;
  // The app's own schema: the config resolves its model through the model library's tables.
  const db = openDatabase(':memory:');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wb-train-config-'));
    modelPath = join(dir, 'model.gguf');
    writeFileSync(modelPath, Buffer.from('GGUF0000'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('presets grow from quick to thorough, and DPO / full use smaller learning rates than LoRA SFT', () => {
    for (const objective of trainingObjectives) {
      const [quick, standard, thorough] = trainingPresets.map((preset) => presetValues(objective, preset));
      expect(quick!.epochs).toBeLessThan(standard!.epochs);
      expect(standard!.epochs).toBeLessThan(thorough!.epochs);
      expect(quick!.contextLength).toBeLessThanOrEqual(thorough!.contextLength);
    }
    for (const preset of trainingPresets) {
      expect(presetValues('dpo', preset).lr).toBeLessThan(presetValues('sft', preset).lr);
      expect(presetValues('full', preset).lr).toBeLessThan(presetValues('sft', preset).lr);
    }
  });

  it('fills the preset values, keeps explicit ones, picks the validation split and a default output path', () => {
    const home = openDataHome(join(dir, 'home'));
    const config = trainingConfigSchema.parse({
      objective: 'sft',
      model: modelPath,
      data: { kind: 'dataset', datasetId: 'd1' },
      preset: 'quick',
      lr: 0.01,
      name: 'My Run!',
    });
    const resolved = resolveTrainingConfig(config, { db, home, runId: 'abcdef123456', datasetName: 'qa', hasValidationSplit: true });
    expect(resolved).toMatchObject({ ...presetValues('sft', 'quick'), lr: 0.01, modelPath, objective: 'sft', maxSteps: null, threads: null, dpo: null });
    expect(resolved.lora).toEqual({ rank: 16, alpha: 32, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], dropout: 0 });
    expect(resolved.validation).toEqual({ kind: 'dataset', datasetId: 'd1', split: 'validation' });
    expect(resolved.outputPath).toBe(join(home.adaptersDir, 'my-run-abcdef12.gguf'));

    const full = resolveTrainingConfig(trainingConfigSchema.parse({ objective: 'full', model: modelPath, data: { kind: 'textFile', path: modelPath } }), {
      db,
      home,
      runId: 'r2',
      datasetName: null,
      hasValidationSplit: false,
    });
    expect(full.lora).toBeNull();
    expect(full.validation).toBeNull();
    expect(full.outputPath.startsWith(home.modelsDir)).toBe(true);
    expect(full.lr).toBe(presetValues('full', 'standard').lr);
  });

  it('passes LoRA dropout through to the run for SFT and DPO (the native trainer applies it)', () => {
    const home = openDataHome(join(dir, 'home'));
    const context = { db, home, runId: 'r4', datasetName: 'qa', hasValidationSplit: false };
    for (const objective of ['sft', 'dpo'] as const) {
      const config = trainingConfigSchema.parse({ objective, model: modelPath, data: { kind: 'dataset', datasetId: 'd1' }, lora: { dropout: 0.1 } });
      expect(resolveTrainingConfig(config, context).lora).toMatchObject({ rank: 16, alpha: 32, dropout: 0.1 });
    }
  });

  it('refuses a text file for SFT and an adapter for full training', () => {
    const home = openDataHome(join(dir, 'home'));
    const context = { db, home, runId: 'r3', datasetName: null, hasValidationSplit: false };
    expect(() =>
      resolveTrainingConfig(trainingConfigSchema.parse({ objective: 'sft', model: modelPath, data: { kind: 'textFile', path: modelPath } }), context),
    ).toThrow(/text file trains the full model/);
    expect(() =>
      resolveTrainingConfig(trainingConfigSchema.parse({ objective: 'full', model: modelPath, initAdapter: modelPath, data: { kind: 'textFile', path: modelPath } }), context),
    ).toThrow(/initAdapter applies to LoRA/);
  });
});

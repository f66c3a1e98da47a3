import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExportConfig } from '../../electron/engine/training/export/resolveExportConfig.ts';
import { TrainingRunStore } from '../../electron/engine/training/trainingRunStore.ts';
import type { LibraryAdapter } from '../../electron/shared/contract/adapters.ts';
import type { ModelEntry } from '../../electron/shared/contract/models.ts';
import { trainingConfigSchema, type TrainingRunSummary } from '../../electron/shared/contract/training.ts';
import { openE2eSession, type E2eSession } from '../helpers/e2eBrowser.ts';
import { fixtureModel } from '../helpers/fixtureModels.ts';
import { randomModule, writePeftFolder } from '../helpers/foreignAdapters.ts';
import { createTempHome } from '../helpers/tempHome.ts';
import { conversationsJsonl, importJsonl, qaPairs } from '../integration/training/trainingHelpers.ts';

/** A PEFT adapter on q and v of both layers of tiny-base (embd 64; v has 32 outputs), as a cluster writes it. */
function writeClusterAdapter(folder: string): void {
  const modules = [0, 1].flatMap((layer) => [
    randomModule(`model.layers.${layer}.self_attn.q_proj`, 4, 64, 64, layer + 1),
    randomModule(`model.layers.${layer}.self_attn.v_proj`, 4, 64, 32, layer + 11),
  ]);
  writePeftFolder(folder, modules, { r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: '/cluster/models/tiny' });
}

/** A Trainer's trainer_state.json with three logged steps. */
const trainerState = {
  global_step: 3,
  max_steps: 3,
  num_train_epochs: 1,
  log_history: [
    { epoch: 0.3, learning_rate: 1e-4, loss: 2.5, step: 1 },
    { epoch: 0.6, learning_rate: 1e-4, loss: 2.0, step: 2 },
    { epoch: 1, learning_rate: 1e-4, loss: 1.25, step: 3 },
  ],
};

describe('adapter import/export and training bundles in Chromium', () => {
  let session: E2eSession;
  let base: ModelEntry;
  const work = createTempHome('interop-e2e-files');

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    session = await openE2eSession('interop');
    base = ((await session.engine.call('models.add', { path: await fixtureModel('tiny-base') })) as { model: ModelEntry }).model;
  });
  afterAll(async () => {
    await session?.close();
    work.cleanup();
  });

  const pick = async (testId: string, option: string): Promise<void> => {
    await session.page.getByTestId(testId).click();
    await session.page.getByRole('option', { name: option }).first().click();
  };
  const openPage = async (nav: string): Promise<void> => {
    await session.page.locator(`[data-nav="${nav}"]`).click();
    await session.page.getByTestId(`page-${nav}`).waitFor();
  };

  it('imports a PEFT folder typed as a path into the library, and names the file when the folder holds a pickle', async () => {
    const { page } = session;
    const folder = join(work.path, 'peft-typed');
    writeClusterAdapter(folder);
    await openPage('models');
    await pick('adapter-import-base', base.name);
    await page.getByTestId('adapter-import-folder-path').fill(folder);
    await page.getByTestId('adapter-import-name').fill('cluster q v');
    await page.getByTestId('adapter-import-submit').click();
    const result = page.getByTestId('adapter-import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('"cluster q v" imported from PEFT: rank 4, alpha 8, 4 adapted tensors');
    const listed = (await session.engine.call('adapters.list', { model: base.id })) as LibraryAdapter[];
    expect(listed.map((adapter) => [adapter.name, adapter.rank, existsSync(adapter.path)])).toEqual([['cluster q v', 4, true]]);

    const pickled = join(work.path, 'pickled');
    mkdirSync(pickled, { recursive: true });
    writeFileSync(join(pickled, 'adapter_config.json'), '{}');
    writeFileSync(join(pickled, 'adapter_model.bin'), 'not really a pickle');
    await page.getByTestId('adapter-import-folder-path').fill(pickled);
    // Enter in a field submits the form: the flow works from the keyboard.
    await page.getByTestId('adapter-import-name').fill('');
    await page.getByTestId('adapter-import-name').press('Enter');
    await expect.poll(() => page.getByTestId('adapter-import-problem').textContent()).toContain(`${pickled} holds adapter_model.bin`);
    expect(await page.getByTestId('adapter-import-problem').textContent()).toContain('adapter_model.safetensors');
  });

  it('uploads a chosen folder, leaving out what is not .json/.safetensors, then imports it', async () => {
    const { page } = session;
    const folder = join(work.path, 'peft-uploaded');
    writeClusterAdapter(folder);
    writeFileSync(join(folder, 'training_args.bin'), 'optimizer-ish bytes');
    await page.reload();
    await openPage('models');
    await pick('adapter-import-base', base.name);
    await page.getByTestId('adapter-import-folder-picker').setInputFiles(folder);
    await expect.poll(() => page.getByTestId('adapter-import-folder-upload-note').textContent()).toContain('Uploaded adapter_config.json, adapter_model.safetensors.');
    expect(await page.getByTestId('adapter-import-folder-upload-note').textContent()).toContain('training_args.bin');
    const uploaded = await page.getByTestId('adapter-import-folder-path').inputValue();
    expect(uploaded.startsWith(join(session.engine.homePath, 'tmp', 'uploads'))).toBe(true);
    expect(readFileSync(join(uploaded, 'adapter_model.safetensors'))).toEqual(readFileSync(join(folder, 'adapter_model.safetensors')));
    expect(existsSync(join(uploaded, 'training_args.bin'))).toBe(false);
    await page.getByTestId('adapter-import-name').fill('uploaded');
    await page.getByTestId('adapter-import-submit').click();
    await expect.poll(() => page.getByTestId('adapter-import-result').textContent()).toContain('"uploaded" imported from PEFT');
  });

  it('exports a library adapter as a PEFT folder with its rank, alpha and modules', async () => {
    const { page } = session;
    const out = join(work.path, 'exported-peft');
    await pick('adapter-export-adapter', 'cluster q v');
    await page.getByTestId('adapter-export-out').fill(out);
    await page.getByTestId('adapter-export-hf-id').fill('acme/tiny');
    await page.getByTestId('adapter-export-submit').click();
    await expect.poll(() => page.getByTestId('adapter-export-result').textContent()).toContain('r 4, lora_alpha 8');
    const config = JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ r: 4, lora_alpha: 8, base_model_name_or_path: 'acme/tiny' });
    expect([...(config.target_modules as string[])].sort()).toEqual(['q_proj', 'v_proj']);
    // A second export into the same (now full) folder is refused, naming it.
    await page.getByTestId('adapter-export-submit').click();
    await expect.poll(() => page.getByTestId('adapter-export-problem').textContent()).toContain(out);
  });

  it("exports a run's settings as a TRL bundle and imports a trainer's output as a run in the history", async () => {
    const { page } = session;
    const dataset = await importJsonl(session.engine, 'chats.jsonl', conversationsJsonl(qaPairs));
    const { db, home } = session.engine.services;
    const config = resolveExportConfig(db, home, trainingConfigSchema.parse({ objective: 'sft', model: base.path, data: { kind: 'dataset', datasetId: dataset.id, split: 'all' }, seed: 11, name: 'local sft' }));
    new TrainingRunStore(db).create({ id: 'run-for-bundle', config, datasetName: dataset.name, totalSteps: 10, dataSha256: 'a'.repeat(64), runDir: join(work.path, 'run-dir') });

    await openPage('training');
    await pick('bundle-export-run', 'local sft');
    await page.getByText('TRL + accelerate').click();
    const bundle = join(work.path, 'bundle');
    await page.getByTestId('bundle-export-out').fill(bundle);
    await page.getByTestId('bundle-export-hf-id').fill('acme/tiny');
    await page.getByTestId('bundle-export-submit').click();
    await expect.poll(() => page.getByTestId('bundle-export-result').textContent()).toContain('accelerate launch --config_file accelerate.yaml train_sft.py');
    expect(readFileSync(join(bundle, 'README.md'), 'utf8')).toContain('acme/tiny');

    const output = join(bundle, 'output');
    writeClusterAdapter(output);
    writeFileSync(join(output, 'trainer_state.json'), JSON.stringify(trainerState));
    await page.getByTestId('run-import-folder-path').fill(output);
    await pick('run-import-base', base.name);
    await page.getByTestId('run-import-submit').click();
    await expect.poll(() => page.getByTestId('run-import-result').textContent()).toContain('Run "local sft (trl)" imported: 3 steps, final loss 1.2500');
    const runs = (await session.engine.call('training.runs', {})) as TrainingRunSummary[];
    expect(runs.find((run) => run.name === 'local sft (trl)')).toMatchObject({ state: 'done', step: 3, lastLoss: 1.25 });
  });

  it('says a refused import in Chinese, keeping the file the engine named', async () => {
    const { page } = session;
    await session.engine.call('settings.set', { key: 'language', value: 'zh' });
    await page.reload();
    await openPage('training');
    const adapterOnly = join(work.path, 'adapter-only');
    writeClusterAdapter(adapterOnly);
    await page.getByTestId('run-import-folder-path').fill(adapterOnly);
    await pick('run-import-base', base.name);
    await page.getByTestId('run-import-submit').click();
    await expect.poll(() => page.getByTestId('run-import-problem').textContent()).toContain('trainer_state.json');
    expect(await page.getByTestId('run-import-submit').textContent()).toBe('导入训练');
    await session.screenshot('training-interop-zh');
  });
});

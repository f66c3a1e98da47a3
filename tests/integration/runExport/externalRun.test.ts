import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/createEngine.ts';
import { createNodeHostSpawner } from '../../../electron/engine/hosts/nodeHostSpawner.ts';
import { resolveExportConfig } from '../../../electron/engine/training/export/resolveExportConfig.ts';
import { TrainingRunStore } from '../../../electron/engine/training/trainingRunStore.ts';
import type { TrainingRunDetail, TrainingRunSummary } from '../../../electron/shared/contract/training.ts';
import { trainingConfigSchema, type AdapterEntry } from '../../../electron/shared/contract/training.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, writePeftFolder } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('external-run');
const work = createTempHome('external-run-files');
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' });
afterAll(() => {
  home.cleanup();
  work.cleanup();
});

/** Adapters on q and v of both layers of tiny-base (embd 64, 2 KV heads of 16: v has 32 outputs), as PEFT writes them. */
function writeClusterAdapter(folder: string): void {
  const modules = [0, 1].flatMap((layer) => [
    randomModule(`model.layers.${layer}.self_attn.q_proj`, 4, 64, 64, layer + 1),
    randomModule(`model.layers.${layer}.self_attn.v_proj`, 4, 64, 32, layer + 11),
  ]);
  writePeftFolder(folder, modules, { r: 4, lora_alpha: 8, lora_dropout: 0.05, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: '/cluster/models/tiny' });
}

/** A transformers trainer_state.json: a log line per step, evaluations at 3 and 6, the closing summary line. */
function trainerState(dpo: boolean): Record<string, unknown> {
  const losses = [2.5, 2.1, 1.8, 1.6, 1.45, 1.4];
  const rewards = (step: number, prefix = '') => ({
    [`${prefix}rewards/chosen`]: 0.1 * step,
    [`${prefix}rewards/rejected`]: -0.05 * step,
    [`${prefix}rewards/margins`]: 0.15 * step,
    [`${prefix}rewards/accuracies`]: step / 6,
    [`${prefix}logps/chosen`]: -20 + step,
    [`${prefix}logps/rejected`]: -22 - step,
    [`${prefix}logits/chosen`]: -1.5,
  });
  const log: Record<string, unknown>[] = [];
  losses.forEach((loss, index) => {
    const step = index + 1;
    log.push({ epoch: step / 3, grad_norm: 3 - step * 0.25, learning_rate: 1e-4 * (1 - index / 6), loss, step, ...(dpo ? rewards(step) : {}) });
    if (step % 3 === 0) log.push({ epoch: step / 3, eval_loss: step === 3 ? 2 : 1.6, eval_runtime: 0.5, eval_samples_per_second: 10, step, ...(dpo ? rewards(step, 'eval_') : {}) });
  });
  log.push({ epoch: 2, step: 6, total_flos: 1234, train_loss: 1.8, train_runtime: 12.3, train_samples_per_second: 4 });
  return { best_metric: null, epoch: 2, eval_steps: 3, global_step: 6, log_history: log, logging_steps: 1, max_steps: 6, num_train_epochs: 2, save_steps: 3, train_batch_size: 2 };
}

let base: string;
let datasetId: string;
beforeAll(async () => {
  base = await fixtureModel('tiny-base');
  const imported = JSON.parse((await workbench('dataset', 'import', fileURLToPath(new URL('../../fixtures/datasets/sharegpt.json', import.meta.url)), '--name', 'chats', '--json')).stdout);
  datasetId = imported.datasets[0].id;
});

describe('a run trained elsewhere comes back to the Training history', () => {
  it('train export --config → the cluster writes output/ → train import gives a finished run with its loss curve and the bundle\'s settings', async () => {
    const config = join(work.path, 'run.json');
    writeFileSync(config, JSON.stringify({ objective: 'sft', model: base, data: { kind: 'dataset', datasetId: 'chats', split: 'all' }, lora: { rank: 4, alpha: 8, targets: ['q', 'v'] }, seed: 7, name: 'chat sft' }));
    const bundle = join(work.path, 'bundle');
    const exported = JSON.parse((await workbench('train', 'export', '--target', 'trl', '--config', config, '--out', bundle, '--base-model-id', 'acme/tiny', '--json')).stdout);
    expect(exported).toMatchObject({ command: 'accelerate launch --config_file accelerate.yaml train_sft.py', baseModel: { id: 'acme/tiny', source: 'option' }, settings: { seed: 7, loraRank: 4 } });
    expect(readFileSync(join(bundle, 'README.md'), 'utf8')).toContain('accelerate launch --config_file accelerate.yaml train_sft.py');

    // What the script leaves behind on the cluster: the adapter and the state in output/ and its checkpoints.
    const output = join(bundle, 'output');
    writeClusterAdapter(output);
    writeFileSync(join(output, 'trainer_state.json'), JSON.stringify(trainerState(false)));

    const result = JSON.parse((await workbench('train', 'import', '--from', output, '--base', base, '--json')).stdout) as { runId: string; run: TrainingRunDetail; bundle: string };
    const { run } = result;
    expect(result.bundle).toBe(join(bundle, 'workbench-bundle.json'));
    expect(run).toMatchObject({ name: 'chat sft (trl)', objective: 'sft', state: 'done', step: 6, totalSteps: 6, lastLoss: 1.4, lastValLoss: 1.6, backend: 'external (trl)' });
    expect(run.metrics.map((point) => [point.step, point.loss, point.valLoss])).toEqual([
      [1, 2.5, null],
      [2, 2.1, null],
      [3, 1.8, 2],
      [4, 1.6, null],
      [5, 1.45, null],
      [6, 1.4, 1.6],
    ]);
    expect(run.metrics[0]).toMatchObject({ epoch: 1 / 3, lr: 1e-4, gradNorm: 2.75, dpo: null });
    expect(run.config).toMatchObject({ objective: 'sft', modelPath: base, seed: 7, epochs: 2, maxSteps: 6, batchSize: 2, data: { kind: 'dataset', datasetId, split: 'all' } });
    expect(run.datasetName).toBe('chats');
    expect(run.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.config.lora).toEqual({ rank: 4, alpha: 8, targets: ['q', 'v'], dropout: 0.05 });
    expect(existsSync(run.outputPath!)).toBe(true);

    // The app sees it beside local runs, and its adapter in the library for the base.
    const engine = createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
    try {
      const runs = (await engine.call('training.runs', {})) as TrainingRunSummary[];
      expect(runs.map((entry) => entry.id)).toContain(result.runId);
      const adapters = (await engine.call('training.adapters', { model: base })) as AdapterEntry[];
      expect(adapters.find((adapter) => adapter.runId === result.runId)).toMatchObject({ path: run.outputPath, rank: 4, alpha: 8, finalLoss: 1.4, finalValLoss: 1.6, dataSha256: run.dataSha256 });
    } finally {
      await engine.dispose();
    }
  });

  it('a DPO checkpoint folder from any trainer keeps TRL\'s rewards and evaluation rewards', async () => {
    const checkpoint = join(work.path, 'elsewhere', 'checkpoint-6');
    mkdirSync(checkpoint, { recursive: true });
    writeClusterAdapter(checkpoint);
    writeFileSync(join(checkpoint, 'trainer_state.json'), JSON.stringify(trainerState(true)));
    const { run } = JSON.parse((await workbench('train', 'import', '--from', join(work.path, 'elsewhere'), '--base', base, '--name', 'dpo on the cluster', '--json')).stdout) as {
      run: TrainingRunDetail;
    };
    expect(run).toMatchObject({ name: 'dpo on the cluster', objective: 'dpo', backend: 'external', step: 6 });
    expect(run.metrics[1]?.dpo).toEqual({ 'rewards/chosen': 0.2, 'rewards/rejected': -0.1, 'rewards/margins': 0.3, 'rewards/accuracies': 2 / 6, 'logps/chosen': -18, 'logps/rejected': -24 });
    expect(run.metrics[2]?.valDpo).toMatchObject({ 'rewards/margins': 0.15 * 3, 'rewards/accuracies': 0.5 });
    expect(run.config.data).toEqual({ kind: 'dataset', datasetId: 'external', split: 'all' });
  });

  it('train export --run takes a stored run\'s settings', async () => {
    const engine = createEngine({ dataHome: home.path, hostSpawner: createNodeHostSpawner(), shell: 'server' });
    const runId = 'stored-run-for-export';
    try {
      const config = resolveExportConfig(engine.services.db, engine.services.home, trainingConfigSchema.parse({ objective: 'sft', model: base, data: { kind: 'dataset', datasetId, split: 'all' }, seed: 99, lr: 3e-5 }));
      new TrainingRunStore(engine.services.db).create({ id: runId, config, datasetName: 'chats', totalSteps: 10, dataSha256: 'x', runDir: join(work.path, 'run-dir') });
    } finally {
      await engine.dispose();
    }
    const out = join(work.path, 'from-run');
    const exported = JSON.parse((await workbench('train', 'export', '--target', 'llama-factory', '--run', runId, '--out', out, '--json')).stdout);
    expect(exported).toMatchObject({ command: 'llamafactory-cli train train.yaml', settings: { seed: 99, learningRate: 3e-5 }, baseModel: { id: null } });
    const yaml = readFileSync(join(out, 'train.yaml'), 'utf8');
    expect(yaml).toContain('seed: 99\n');
    expect(yaml).toContain('learning_rate: 0.00003\n');
    const refused = await failing('train', 'export', '--target', 'axolotl', '--run', runId, '--out', join(work.path, 'x'));
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--target must be llama-factory or trl') as unknown]);
  });

  it('refuses an output without the Trainer\'s log, naming the file it needs', async () => {
    const adapterOnly = join(work.path, 'adapter-only');
    writeClusterAdapter(adapterOnly);
    const failed = await failing('train', 'import', '--from', adapterOnly, '--base', base);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('has no trainer_state.json');
  });
});

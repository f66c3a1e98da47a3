import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExportConfig } from '../../../electron/engine/training/export/resolveExportConfig.ts';
import { writeTrainingBundle } from '../../../electron/engine/training/export/writeTrainingBundle.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { trainingConfigSchema, type TrainingConfigInput } from '../../../electron/shared/contract/training.ts';
import type { DatasetSummary } from '../../../electron/shared/contract/datasets.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { canonicalRows, importSource } from '../datasets/datasetJobs.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/datasets/${name}`, import.meta.url));

describe('training bundles for LLaMA-Factory and TRL', () => {
  let engine: ReturnType<typeof createTestEngine>;
  let scratch: string;
  let basePath: string;
  let sft: DatasetSummary;
  let preference: DatasetSummary;

  beforeAll(async () => {
    engine = createTestEngine('run-export');
    scratch = mkdtempSync(join(tmpdir(), 'wb-run-export-'));
    // Only the metadata matters to a bundle: a tensorless GGUF naming its Hugging Face source and a Qwen ChatML template.
    basePath = join(scratch, 'qwen-base.gguf');
    await writeGguf(basePath, {
      metadata: new Map([
        ['general.architecture', gguf.string('qwen2')],
        ['general.source.url', gguf.string('https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct')],
        ['general.file_type', gguf.uint32(15)],
        ['tokenizer.chat_template', gguf.string("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}")],
      ]),
      tensors: [],
    });
    sft = (await importSource(engine, { kind: 'file', path: fixture('sharegpt.json') })).datasets[0]!.dataset;
    await engine.call('datasets.split', { datasetId: sft.id, validationFraction: 0.34, seed: 3 });
    preference = (await importSource(engine, { kind: 'file', path: fixture('sharegpt-ranking.json') })).datasets[0]!.dataset;
  });
  afterAll(async () => {
    await engine?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  const resolved = (input: Omit<TrainingConfigInput, 'model'>) =>
    resolveExportConfig(engine.services.db, engine.services.home, trainingConfigSchema.parse({ model: basePath, ...input }));

  it('LLaMA-Factory SFT: its dataset_info.json and data import back as the same rows, train and validation apart', async () => {
    const out = join(scratch, 'lf-sft');
    const config = resolved({ objective: 'sft', data: { kind: 'dataset', datasetId: sft.id, split: 'train' } });
    const result = await writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config, target: 'llama-factory', outDir: out });
    expect(result.files).toEqual(['README.md', 'data/dataset_info.json', 'data/train.jsonl', 'data/validation.jsonl', 'train.yaml', 'workbench-bundle.json']);
    expect(result.baseModel).toEqual({ id: 'Qwen/Qwen2.5-0.5B-Instruct', source: 'base model source url' });
    expect(result.validationRows).toBeGreaterThan(0);

    const imported = await importSource(engine, { kind: 'file', path: join(out, 'data', 'dataset_info.json') });
    const byName = Object.fromEntries(imported.datasets.map(({ dataset }) => [dataset.name, dataset]));
    const trainRows = (await engine.call('datasets.rows', { datasetId: sft.id, status: 'ok', split: 'train', offset: 0, limit: 1000 })) as { rows: { row: unknown }[] };
    const validationRows = (await engine.call('datasets.rows', { datasetId: sft.id, status: 'ok', split: 'validation', offset: 0, limit: 1000 })) as { rows: { row: unknown }[] };
    expect(await canonicalRows(engine, byName.workbench_train!.id)).toEqual(trainRows.rows.map((row) => row.row));
    expect(await canonicalRows(engine, byName.workbench_validation!.id)).toEqual(validationRows.rows.map((row) => row.row));

    // LLaMA-Factory reads turns by the tags alone (no fallback spellings, unlike our importer): as its ShareGPT
    // converter checks, turn 0, 2, … must carry user_tag or observation_tag and turn 1, 3, … assistant_tag or function_tag.
    const info = JSON.parse(readFileSync(join(out, 'data', 'dataset_info.json'), 'utf8')) as Record<string, { tags: Record<string, string>; columns: Record<string, string> }>;
    const { tags, columns } = info.workbench_train!;
    for (const line of readFileSync(join(out, 'data', 'train.jsonl'), 'utf8').trim().split('\n')) {
      const turns = (JSON.parse(line) as Record<string, Record<string, string>[]>)[columns.messages!]!;
      turns.forEach((turn, index) => {
        expect(Object.keys(turn).sort()).toEqual([tags.content_tag, tags.role_tag].sort());
        const accepted = index % 2 === 0 ? [tags.user_tag, tags.observation_tag] : [tags.assistant_tag, tags.function_tag];
        expect(accepted).toContain(turn[tags.role_tag!]);
      });
    }

    const yaml = readFileSync(join(out, 'train.yaml'), 'utf8');
    expect(yaml).toContain('model_name_or_path: "Qwen/Qwen2.5-0.5B-Instruct"');
    expect(yaml).toContain('template: "qwen"');
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('    llamafactory-cli train train.yaml');
    expect(readme).toContain('`Qwen/Qwen2.5-0.5B-Instruct` (taken from base model source url');
    expect(readme).toMatch(/quantized GGUF \(general\.file_type 15\)/);
  });

  it('LLaMA-Factory DPO: ranking data imports back as the same preference pairs', async () => {
    const out = join(scratch, 'lf-dpo');
    const config = resolved({ objective: 'dpo', data: { kind: 'dataset', datasetId: preference.id, split: 'all' }, dpo: { beta: 0.2, labelSmoothing: 0 } });
    const result = await writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config, target: 'llama-factory', outDir: out });
    expect(result.validationRows).toBeNull();
    const imported = await importSource(engine, { kind: 'file', path: join(out, 'data', 'dataset_info.json') });
    expect(imported.datasets.map(({ dataset }) => [dataset.name, dataset.kind])).toEqual([['workbench_train', 'preference']]);
    expect(await canonicalRows(engine, imported.datasets[0]!.dataset.id)).toEqual(await canonicalRows(engine, preference.id));
  });

  it('TRL DPO: prompt/chosen/rejected turns import back as the same pairs; the script and README name the command', async () => {
    const out = join(scratch, 'trl-dpo');
    const config = resolved({ objective: 'dpo', data: { kind: 'dataset', datasetId: preference.id, split: 'all' } });
    const result = await writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config, target: 'trl', outDir: out, baseModelId: 'acme/base-1b' });
    expect(result.files).toEqual(['README.md', 'accelerate.yaml', 'data/train.jsonl', 'train_dpo.py', 'workbench-bundle.json']);
    expect(result.command).toBe('accelerate launch --config_file accelerate.yaml train_dpo.py');
    const imported = await importSource(engine, { kind: 'file', path: join(out, 'data', 'train.jsonl') });
    expect(await canonicalRows(engine, imported.datasets[0]!.dataset.id)).toEqual(await canonicalRows(engine, preference.id));
    expect(readFileSync(join(out, 'train_dpo.py'), 'utf8')).toContain('MODEL_ID = "acme/base-1b"');
  });

  it('a DPO run that continues an adapter carries it as PEFT and says whose reference the trainers use', async () => {
    const tinyBase = await fixtureModel('tiny-base');
    const sftAdapter = await fixtureLoraAdapter('tiny-base', { rank: 4, alpha: 8, seed: 5 });
    const config = resolveExportConfig(
      engine.services.db,
      engine.services.home,
      trainingConfigSchema.parse({ objective: 'dpo', model: tinyBase, initAdapter: sftAdapter, data: { kind: 'dataset', datasetId: preference.id, split: 'all' } }),
    );
    const out = join(scratch, 'lf-dpo-continued');
    const result = await writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config, target: 'llama-factory', outDir: out, baseModelId: 'acme/tiny' });
    expect(result.files).toContain('init_adapter/adapter_model.safetensors');
    expect(JSON.parse(readFileSync(join(out, 'init_adapter', 'adapter_config.json'), 'utf8'))).toMatchObject({ r: 4, lora_alpha: 8, base_model_name_or_path: 'acme/tiny' });
    expect(readFileSync(join(out, 'train.yaml'), 'utf8')).toContain('adapter_name_or_path: "init_adapter"');
    expect(result.unmapped.some((note) => note.startsWith('DPO reference:'))).toBe(true);
  });

  it('refuses to write into a folder that has files, and says when the GGUF names no Hugging Face model', async () => {
    const out = join(scratch, 'lf-sft');
    const config = resolved({ objective: 'sft', data: { kind: 'dataset', datasetId: sft.id, split: 'all' } });
    await expect(writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config, target: 'trl', outDir: out })).rejects.toThrow(/is not empty/);
    const mismatched = resolved({ objective: 'sft', data: { kind: 'dataset', datasetId: preference.id, split: 'all' } });
    await expect(writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config: mismatched, target: 'llama-factory', outDir: join(scratch, 'mismatch') })).rejects.toThrow(
      /holds preference rows; sft training needs an SFT dataset/,
    );
    expect(existsSync(join(scratch, 'mismatch'))).toBe(false);

    const bare = join(scratch, 'bare.gguf');
    await writeGguf(bare, { metadata: new Map([['general.architecture', gguf.string('llama')]]), tensors: [] });
    const unnamed = { ...config, modelPath: bare };
    const result = await writeTrainingBundle({ db: engine.services.db, datasetsDir: engine.services.home.datasetsDir, config: unnamed, target: 'trl', outDir: join(scratch, 'bare') });
    expect(result.baseModel.id).toBeNull();
    expect(result.settings.modelId).toBe('SET-HUGGING-FACE-MODEL-ID');
    expect(result.unmapped[0]).toMatch(/names no Hugging Face repository/);
    expect(readFileSync(join(scratch, 'bare', 'README.md'), 'utf8')).toContain('NOT FOUND');
  });
});

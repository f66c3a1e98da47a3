import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { ResolvedTrainingConfig, TrainingConfig } from '../../shared/contract/training.ts';
import type { DataHome } from '../store/dataHome.ts';
import { resolveModelPath } from '../models/resolveModelPath.ts';
import { presetValues } from './trainingPresets.ts';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'run';
}

/** An adapter is named by its library id or by a GGUF path. */
export function resolveAdapterPath(db: Database, ref: string): string {
  const row = db.prepare('SELECT path FROM adapters WHERE id = ? OR name = ?').get(ref, ref) as { path: string } | undefined;
  const path = row?.path ?? resolve(ref);
  if (!existsSync(path)) throw new WorkbenchError('not_found', `No adapter file or library adapter named "${ref}"`, { field: 'initAdapter', file: path }, reason('adapter_not_found', { adapter: ref }));
  return path;
}

/**
 * Fills every field the config leaves out from its preset (and the objective), resolves the model and adapter
 * references to files and picks a default output path under the data home. Pure apart from those look-ups.
 */
export function resolveTrainingConfig(
  config: TrainingConfig,
  context: { db: Database; home: DataHome; runId: string; datasetName: string | null; hasValidationSplit: boolean },
): ResolvedTrainingConfig {
  const preset = presetValues(config.objective, config.preset);
  const modelPath = resolveModelPath(context.db, config.model);
  if (config.objective === 'full' && config.initAdapter) {
    throw new WorkbenchError('bad_input', 'Full-parameter training trains the model itself; initAdapter applies to LoRA (sft/dpo) runs', { field: 'initAdapter' }, reason('training_init_adapter_needs_lora', {}));
  }
  if (config.objective !== 'full' && config.data.kind === 'textFile') {
    throw new WorkbenchError('bad_input', 'A text file trains the full model (objective "full"); SFT and DPO take a dataset', { field: 'data' }, reason('training_text_file_needs_full', {}));
  }
  const name = config.name ?? `${config.objective} ${context.datasetName ?? 'text'} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
  const validation =
    config.validation !== undefined
      ? config.validation
      : config.data.kind === 'dataset' && config.data.split === 'train' && context.hasValidationSplit
        ? { kind: 'dataset' as const, datasetId: config.data.datasetId, split: 'validation' as const }
        : null;
  const outputPath = config.outputPath
    ? resolve(config.outputPath)
    : join(config.objective === 'full' ? context.home.modelsDir : context.home.adaptersDir, `${slug(name)}-${context.runId.slice(0, 8)}.gguf`);
  return {
    objective: config.objective,
    modelPath,
    modelSha256: null,
    initAdapterPath: config.initAdapter ? resolveAdapterPath(context.db, config.initAdapter) : null,
    data: config.data,
    validation,
    preset: config.preset,
    lora: config.objective === 'full' ? null : config.lora,
    dpo: config.objective === 'dpo' ? config.dpo : null,
    epochs: config.epochs ?? preset.epochs,
    maxSteps: config.maxSteps ?? null,
    batchSize: config.batchSize ?? preset.batchSize,
    gradAccum: config.gradAccum ?? preset.gradAccum,
    contextLength: config.contextLength ?? preset.contextLength,
    lr: config.lr ?? preset.lr,
    weightDecay: config.weightDecay ?? preset.weightDecay,
    schedule: config.schedule ?? preset.schedule,
    warmupRatio: config.warmupRatio ?? preset.warmupRatio,
    gradClip: config.gradClip ?? preset.gradClip,
    seed: config.seed,
    evalEvery: config.evalEvery ?? preset.evalEvery,
    checkpointEvery: config.checkpointEvery ?? preset.checkpointEvery,
    samplePrompts: config.samplePrompts ?? [],
    outputPath,
    name,
    threads: config.threads ?? null,
    longRows: config.longRows,
    device: config.device ?? 'auto',
  };
}

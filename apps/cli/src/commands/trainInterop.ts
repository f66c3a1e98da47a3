import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DatasetStore } from '../../../../electron/engine/datasets/datasetStore.ts';
import { ModelLibrary } from '../../../../electron/engine/models/modelLibrary.ts';
import { importExternalRun, type ExternalRunImport } from '../../../../electron/engine/training/external/importExternalRun.ts';
import { isBundleTarget, bundleTargets } from '../../../../electron/engine/training/export/bundleTarget.ts';
import { resolveExportConfig } from '../../../../electron/engine/training/export/resolveExportConfig.ts';
import { writeTrainingBundle, type TrainingBundleResult } from '../../../../electron/engine/training/export/writeTrainingBundle.ts';
import { trainingConfigSchema, type ResolvedTrainingConfig, type TrainingRunDetail } from '../../../../electron/shared/contract/training.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

interface ExportOptions {
  target: string;
  run?: string;
  config?: string;
  out: string;
  baseModelId?: string;
  force?: boolean;
  json?: boolean;
}

interface ImportOptions {
  from: string;
  base: string;
  name?: string;
  json?: boolean;
}

/** `train` is registered by the training commands; these add export/import to it (or make it when alone). */
function trainCommand(program: Command): Command {
  return program.commands.find((command) => command.name() === 'train') ?? program.command('train').description('Training runs');
}

/** A training.start config from a JSON file; its dataset may be named by id or by name. */
function configFromFile(db: Parameters<typeof resolveExportConfig>[0], file: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw new CliError(`--config ${file}: ${(error as Error).message}`, 2);
  }
  const parsed = trainingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--config ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, 2);
  }
  const config = parsed.data;
  if (config.data.kind === 'dataset') {
    const ref = config.data.datasetId;
    const dataset = new DatasetStore(db).list().find((entry) => entry.id === ref || entry.name === ref);
    if (!dataset) throw new CliError(`--config ${file}: data.datasetId: no dataset with id or name "${ref}"`, 2);
    config.data = { ...config.data, datasetId: dataset.id };
  }
  return config;
}

export function registerTrainInteropCommands(program: Command): void {
  const train = trainCommand(program);

  train
    .command('export')
    .description('Write a ready-to-run bundle of a LoRA run for a PyTorch trainer on a cluster: its config, the data in its format, a README with the command')
    .requiredOption('--target <trainer>', `the trainer: ${bundleTargets.join(' or ')}`)
    .option('--run <run>', 'a training run (id) whose settings to export')
    .option('--config <file>', 'or a training config as JSON (what training.start takes), not yet run')
    .requiredOption('--out <dir>', 'a new or empty folder')
    .option('--base-model-id <id>', 'Hugging Face id of the base (default: from the base GGUF\'s metadata)')
    .option('--force', 'write into a folder that already has files')
    .option('--json', 'print the result as JSON')
    .action(async (options: ExportOptions) => {
      const target = options.target;
      if (!isBundleTarget(target)) throw new CliError(`--target must be ${bundleTargets.join(' or ')}, got "${target}"`, 2);
      if ((options.run === undefined) === (options.config === undefined)) throw new CliError('Give one of --run or --config', 2);
      const result = await withEngine(async (engine) => {
        const { db, home } = engine.services;
        const config: ResolvedTrainingConfig =
          options.run !== undefined
            ? ((await engine.call('training.run', { runId: options.run })) as TrainingRunDetail).config
            : resolveExportConfig(db, home, configFromFile(db, options.config!));
        return writeTrainingBundle({
          db,
          datasetsDir: home.datasetsDir,
          config,
          target,
          outDir: options.out,
          ...(options.baseModelId ? { baseModelId: options.baseModelId } : {}),
          overwrite: options.force ?? false,
        });
      });
      if (options.json) printJson(result);
      else process.stdout.write(describeExport(result));
    });

  train
    .command('import')
    .description('Bring a run trained elsewhere back: its PEFT adapter (converted to GGUF) and its trainer_state.json loss curve become a run in the Training history')
    .requiredOption('--from <dir>', 'the Trainer\'s output folder (adapter_config.json, adapter_model.safetensors, trainer_state.json) or one of its checkpoint-N folders')
    .requiredOption('--base <model>', 'the base GGUF it runs on (library model or file)')
    .option('--name <name>', 'the run\'s and adapter\'s name (default: the bundle\'s run name, else the folder name)')
    .option('--json', 'print the result as JSON')
    .action(async (options: ImportOptions) => {
      const result = await withEngine(async (engine) => {
        const basePath = new ModelLibrary(engine.services.db).resolve(options.base).path;
        return importExternalRun(engine.services.db, engine.services.home, { from: options.from, basePath, ...(options.name ? { name: options.name } : {}) });
      });
      if (options.json) printJson(result);
      else process.stdout.write(describeImport(result));
    });
}

function describeExport(result: TrainingBundleResult): string {
  const lines = [
    `Wrote ${result.outDir} for ${result.target}: ${result.files.join(', ')}`,
    `  run on the cluster: ${result.command}`,
    `  model: ${result.settings.modelId}${result.baseModel.id ? ` (from ${result.baseModel.source})` : ' — set it: the GGUF names no Hugging Face repository'}`,
    `  data: ${result.trainRows} train rows${result.validationRows === null ? '' : `, ${result.validationRows} validation rows`}`,
  ];
  for (const note of result.unmapped) lines.push(`  not carried over: ${note}`);
  return `${lines.join('\n')}\n`;
}

function describeImport(result: ExternalRunImport): string {
  const last = result.run.metrics.at(-1);
  return [
    `Imported run "${result.run.name}" (${result.runId}): ${result.run.objective}, ${result.run.metrics.length} logged steps, final loss ${last?.loss.toFixed(4) ?? '?'}${result.run.lastValLoss === null ? '' : `, val ${result.run.lastValLoss.toFixed(4)}`}`,
    `  adapter: ${result.adapter.path} (rank ${result.adapter.ranks.join('/')}, alpha ${result.adapter.alpha}) in the library as ${result.adapterId}`,
    `  log: ${result.trainerState}${result.bundle ? `; bundle: ${result.bundle}` : ''}`,
    '',
  ].join('\n');
}

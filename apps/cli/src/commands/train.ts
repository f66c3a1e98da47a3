import { existsSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Engine } from '../../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import type { ImportResult } from '../../../../electron/shared/contract/datasets.ts';
import {
  loraTargetSchema,
  trainingDeviceSchema,
  trainingPresetSchema,
  trainingProgressSchema,
  type TrainingConfigInput,
  type TrainingData,
  type TrainingDeviceReport,
  type TrainingObjective,
  type TrainingProgress,
  type TrainingRunDetail,
} from '../../../../electron/shared/contract/training.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';
import { trainingStageLine } from '../stageLines.ts';

interface TrainFlags {
  model?: string;
  data?: string;
  val?: string;
  out?: string;
  lora?: string;
  preset?: string;
  rank?: number;
  alpha?: number;
  targets?: string;
  epochs?: number;
  maxSteps?: number;
  lr?: number;
  batch?: number;
  gradAccum?: number;
  ctx?: number;
  seed?: number;
  checkpointEvery?: number;
  evalEvery?: number;
  threads?: number;
  device?: string;
  beta?: number;
  labelSmoothing?: number;
  resume?: string;
  name?: string;
  json?: boolean;
}

type LoraTargetName = z.infer<typeof loraTargetSchema>;

const textExtensions = new Set(['.txt', '.md', '.markdown']);

/** --data / --val: a dataset id or name in the library, or a file (imported into Datasets first; plain text for full). */
async function resolveData(engine: Engine, value: string, objective: TrainingObjective, split: 'all' | 'train' | 'validation'): Promise<TrainingData> {
  const path = resolve(value);
  if (existsSync(path) && statSync(path).isFile()) {
    if (objective === 'full' && textExtensions.has(extname(path).toLowerCase())) return { kind: 'textFile', path };
    const imported = await runJob<ImportResult>(
      engine,
      () => engine.call('datasets.import', { source: { kind: 'file', path }, options: {} }) as Promise<{ jobId: string }>,
    );
    const dataset = imported.datasets[0]?.dataset;
    if (!dataset) throw new CliError(`${value}: the import kept no dataset`);
    return { kind: 'dataset', datasetId: dataset.id, split };
  }
  return { kind: 'dataset', datasetId: value, split };
}

function parseTargets(value: string | undefined): LoraTargetName[] | undefined {
  if (value === undefined) return undefined;
  const targets = value.split(',').map((t) => t.trim());
  for (const target of targets) {
    if (!loraTargetSchema.safeParse(target).success) throw new CliError(`--targets takes ${loraTargetSchema.options.join(',')}; got "${target}"`, 2);
  }
  return targets as LoraTargetName[];
}

async function buildConfig(engine: Engine, objective: TrainingObjective, flags: TrainFlags): Promise<TrainingConfigInput> {
  if (!flags.model) throw new CliError('--model is required', 2);
  if (!flags.data) throw new CliError('--data is required', 2);
  const preset = flags.preset === undefined ? undefined : trainingPresetSchema.safeParse(flags.preset);
  if (preset && !preset.success) throw new CliError(`--preset must be one of ${trainingPresetSchema.options.join(', ')}`, 2);
  if (flags.device !== undefined && !trainingDeviceSchema.safeParse(flags.device).success) {
    throw new CliError(`--device takes auto, cpu or gpu:N (N counts the GPUs the trainer found); got "${flags.device}"`, 2);
  }
  const targets = parseTargets(flags.targets);
  const opt = <K extends keyof TrainingConfigInput>(key: K, value: TrainingConfigInput[K] | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    objective,
    model: flags.model,
    data: await resolveData(engine, flags.data, objective, flags.val ? 'all' : 'train'),
    ...(flags.val ? { validation: await resolveData(engine, flags.val, objective, 'all') } : {}),
    ...(objective !== 'full'
      ? {
          lora: {
            ...(flags.rank === undefined ? {} : { rank: flags.rank }),
            ...(flags.alpha === undefined ? {} : { alpha: flags.alpha }),
            ...(targets === undefined ? {} : { targets }),
          },
        }
      : {}),
    ...(objective === 'dpo'
      ? { dpo: { ...(flags.beta === undefined ? {} : { beta: flags.beta }), ...(flags.labelSmoothing === undefined ? {} : { labelSmoothing: flags.labelSmoothing }) } }
      : {}),
    ...opt('preset', preset?.data),
    ...opt('initAdapter', flags.lora),
    ...opt('epochs', flags.epochs),
    ...opt('maxSteps', flags.maxSteps),
    ...opt('lr', flags.lr),
    ...opt('batchSize', flags.batch),
    ...opt('gradAccum', flags.gradAccum),
    ...opt('contextLength', flags.ctx),
    ...opt('seed', flags.seed),
    ...opt('checkpointEvery', flags.checkpointEvery),
    ...opt('evalEvery', flags.evalEvery),
    ...opt('threads', flags.threads),
    ...opt('device', flags.device),
    ...opt('outputPath', flags.out),
    ...opt('name', flags.name),
  };
}

/** One progress line: the step's numbers flat, DPO metrics under their TRL names ("rewards/margins" …). */
function progressLine(item: TrainingProgress): Record<string, unknown> {
  if (item.type !== 'step') return item;
  const { point } = item;
  return {
    type: 'progress',
    step: point.step,
    totalSteps: item.totalSteps,
    epoch: point.epoch,
    loss: point.loss,
    valLoss: point.valLoss,
    lr: point.lr,
    gradNorm: point.gradNorm,
    tokensPerSecond: point.tokensPerSecond,
    etaSeconds: item.etaSeconds,
    memoryBytes: point.memoryBytes,
    ...(point.dpo ?? {}),
    ...(point.valDpo ? Object.fromEntries(Object.entries(point.valDpo).map(([key, value]) => [`eval_${key}`, value])) : {}),
  };
}

function printReadable(item: TrainingProgress): void {
  if (item.type === 'status') process.stderr.write(`${trainingStageLine(item.stage)}\n`);
  else if (item.type === 'checkpoint') process.stderr.write(`checkpoint at step ${item.step}: ${item.path}\n`);
  else if (item.type === 'sample') process.stderr.write(`sample @${item.sample.step} ${JSON.stringify(item.sample.prompt)} → ${JSON.stringify(item.sample.output)}\n`);
  else if (item.type === 'device') process.stderr.write(`${deviceLine(item.device)}\n`);
  else {
    const p = item.point;
    const extra = p.dpo ? ` margin ${p.dpo['rewards/margins'].toFixed(3)} acc ${p.dpo['rewards/accuracies'].toFixed(2)}` : '';
    process.stderr.write(
      `step ${p.step}/${item.totalSteps} epoch ${p.epoch.toFixed(2)} loss ${p.loss.toFixed(4)}${p.valLoss === null ? '' : ` val ${p.valLoss.toFixed(4)}`}${extra} lr ${p.lr.toExponential(2)} ${p.tokensPerSecond.toFixed(0)} tok/s\n`,
    );
  }
}

/** "device Vulkan0 (llvmpipe …): 12.3 MiB, 2 graph splits, on the CPU: GET_ROWS×1" */
function deviceLine(device: TrainingDeviceReport): string {
  const fallback = Object.entries(device.cpuOps).map(([op, nodes]) => `${op}×${nodes}`).join(' ');
  return `device ${device.backend} (${device.description}): ${(device.memoryBytes / 2 ** 20).toFixed(1)} MiB, ${device.splits} graph split(s)${fallback ? `, on the CPU: ${fallback}` : ''}`;
}

/** --resume takes a run id or its run directory (…/runs/training/<run id>). */
function resumeRunId(value: string): string {
  const path = resolve(value);
  return existsSync(path) && statSync(path).isDirectory() ? basename(path) : value;
}

async function train(objective: TrainingObjective, flags: TrainFlags): Promise<void> {
  const detail = await withEngine(async (engine) => {
    let runId: string | null = null;
    try {
      await runJob(
        engine,
        async () => {
          const started = flags.resume
            ? ((await engine.call('training.resume', { runId: resumeRunId(flags.resume) })) as { runId: string; jobId: string })
            : ((await engine.call('training.start', { config: await buildConfig(engine, objective, flags) })) as { runId: string; jobId: string });
          runId = started.runId;
          return started;
        },
        {
          onItem: (raw) => {
            const item = trainingProgressSchema.safeParse(raw);
            if (!item.success) return;
            if (flags.json) printJsonLine(progressLine(item.data));
            else printReadable(item.data);
          },
        },
      );
      return (await engine.call('training.run', { runId })) as TrainingRunDetail;
    } catch (error) {
      if (error instanceof WorkbenchError && error.code === 'bad_input') throw new CliError(error.message, 2);
      throw error;
    }
  });
  const last = detail.metrics.at(-1) ?? null;
  const result = {
    type: 'result',
    runId: detail.id,
    state: detail.state,
    [detail.objective === 'full' ? 'model' : 'adapter']: detail.outputPath,
    steps: detail.step,
    finalLoss: last?.loss ?? null,
    finalValLoss: detail.lastValLoss,
    ...(last?.dpo ?? {}),
    trainableParameters: detail.trainableParameters,
    dataSha256: detail.dataSha256,
  };
  if (flags.json) printJsonLine(result);
  else process.stdout.write(`${detail.state}: ${detail.outputPath ?? '(no output)'} after ${detail.step} steps, loss ${last?.loss.toFixed(4) ?? '?'}\n`);
}

function withCommonOptions(command: Command): Command {
  return command
    .option('--model <model>', 'base model: library id/name or GGUF path')
    .option('--data <data>', 'dataset id/name in the library, or a file to import')
    .option('--val <data>', 'validation data (default: the dataset\'s validation split)')
    .option('--out <path>', 'output GGUF (default: inside the data home)')
    .option('--name <name>', 'run name')
    .option('--preset <preset>', 'quick, standard or thorough (default standard)')
    .option('--epochs <n>', 'passes over the data', parseNumberOption('epochs'))
    .option('--max-steps <n>', 'stop after this many optimizer steps', parseIntegerOption('max-steps'))
    .option('--lr <x>', 'peak learning rate', parseNumberOption('lr'))
    .option('--batch <n>', 'sequences (pairs) per micro-batch', parseIntegerOption('batch'))
    .option('--grad-accum <n>', 'gradient accumulation', parseIntegerOption('grad-accum'))
    .option('--ctx <n>', 'context length', parseIntegerOption('ctx'))
    .option('--seed <n>', 'seed for initialisation and data order', parseIntegerOption('seed'))
    .option('--checkpoint-every <n>', 'checkpoint every N steps', parseIntegerOption('checkpoint-every'))
    .option('--eval-every <n>', 'validation every N steps', parseIntegerOption('eval-every'))
    .option('--threads <n>', 'CPU threads', parseIntegerOption('threads'))
    .option('--device <device>', 'auto (the first GPU, else the CPU), cpu or gpu:N')
    .option('--resume <run>', 'continue a paused/interrupted run (run id or run directory)')
    .option('--json', 'one JSON object per line: progress lines, then a result line');
}

function withLoraOptions(command: Command): Command {
  return command
    .option('--rank <n>', 'LoRA rank', parseIntegerOption('rank'))
    .option('--alpha <x>', 'LoRA alpha', parseNumberOption('alpha'))
    .option('--targets <list>', 'q,k,v,o,gate,up,down');
}

export function registerTrainCommand(program: Command): void {
  const trainCommand = program.command('train').description('Train on the native trainer: LoRA SFT, DPO, full-parameter');
  withLoraOptions(withCommonOptions(trainCommand.command('sft').description('LoRA supervised fine-tuning on conversations'))).action((flags: TrainFlags) =>
    train('sft', flags),
  );
  withLoraOptions(withCommonOptions(trainCommand.command('dpo').description('LoRA DPO on preference pairs (TRL-named metrics)')))
    .option('--lora <adapter>', 'start from this adapter (the frozen reference)')
    .option('--beta <x>', 'DPO beta', parseNumberOption('beta'))
    .option('--label-smoothing <x>', 'conservative DPO label smoothing', parseNumberOption('label-smoothing'))
    .action((flags: TrainFlags) => train('dpo', flags));
  withCommonOptions(trainCommand.command('full').description('Full-parameter training (plain text or conversations)')).action((flags: TrainFlags) =>
    train('full', flags),
  );
}

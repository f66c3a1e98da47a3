import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Engine } from '../../../../electron/engine/createEngine.ts';
import type { ImportResult } from '../../../../electron/shared/contract/datasets.ts';
import { rewardModelProgressSchema, type RewardModelResult, type RewardModelTrainInput } from '../../../../electron/shared/contract/rewardModel.ts';
import type { TrainingData } from '../../../../electron/shared/contract/training.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';
import { rewardModelStageLine } from '../stageLines.ts';

interface RmFlags {
  model: string;
  data: string;
  out?: string;
  val?: string;
  probe: string[];
  heldOut?: number;
  epochs?: number;
  lr?: number;
  batch?: number;
  ctx?: number;
  rank?: number;
  evalEvery?: number;
  seed?: number;
  threads?: number;
  name?: string;
  json?: boolean;
}

/** --data / --val / --probe: a dataset id or name in the library, or a file of preference pairs imported first. */
async function pairsData(engine: Engine, value: string): Promise<TrainingData> {
  const path = resolve(value);
  if (!existsSync(path) || !statSync(path).isFile()) return { kind: 'dataset', datasetId: value, split: 'all' };
  const imported = await runJob<ImportResult>(
    engine,
    () => engine.call('datasets.import', { source: { kind: 'file', path }, options: {} }) as Promise<{ jobId: string }>,
  );
  const dataset = imported.datasets[0]?.dataset;
  if (!dataset) throw new CliError(`${value}: the import kept no dataset`);
  return { kind: 'dataset', datasetId: dataset.id, split: 'all' };
}

function parseProbe(value: string, previous: string[] = []): string[] {
  if (!/^[^=]+=.+$/.test(value)) throw new CliError(`--probe takes LABEL=DATA (a dataset or a pairs file), got "${value}"`, 2);
  return [...previous, value];
}

async function trainRewardModel(flags: RmFlags): Promise<void> {
  const result = await withEngine(async (engine) => {
    const probes = [];
    for (const probe of flags.probe) {
      const at = probe.indexOf('=');
      probes.push({ label: probe.slice(0, at), data: await pairsData(engine, probe.slice(at + 1)) });
    }
    const input: RewardModelTrainInput = {
      model: flags.model,
      data: await pairsData(engine, flags.data),
      ...(flags.val ? { heldOut: await pairsData(engine, flags.val) } : {}),
      probes,
      ...(flags.heldOut === undefined ? {} : { heldOutFraction: flags.heldOut }),
      ...(flags.epochs === undefined ? {} : { epochs: flags.epochs }),
      ...(flags.lr === undefined ? {} : { lr: flags.lr }),
      ...(flags.batch === undefined ? {} : { batchSize: flags.batch }),
      ...(flags.ctx === undefined ? {} : { contextLength: flags.ctx }),
      ...(flags.rank === undefined ? {} : { lora: { rank: flags.rank, alpha: 2 * flags.rank } }),
      ...(flags.evalEvery === undefined ? {} : { evalEvery: flags.evalEvery }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
      ...(flags.threads === undefined ? {} : { threads: flags.threads }),
      ...(flags.out === undefined ? {} : { outPath: flags.out }),
      ...(flags.name === undefined ? {} : { name: flags.name }),
    };
    return await runJob<RewardModelResult>(
      engine,
      () => engine.call('rewardModel.train', input) as Promise<{ jobId: string }>,
      {
        onItem: (raw) => {
          const item = rewardModelProgressSchema.safeParse(raw);
          if (!item.success) return;
          if (flags.json) printJsonLine(item.data);
          else if (item.data.type === 'status') process.stderr.write(`${rewardModelStageLine(item.data.stage)}\n`);
          else if (item.data.heldOut) {
            process.stderr.write(`step ${item.data.step}/${item.data.totalSteps}  loss ${item.data.loss.toFixed(3)}  held-out accuracy ${item.data.heldOut.accuracy.toFixed(2)}\n`);
          }
        },
      },
    );
  });
  if (flags.json) {
    printJsonLine({ type: 'result', ...result });
    return;
  }
  const line = (label: string, set: RewardModelResult['train']) => `  ${label}: accuracy ${set.before.accuracy.toFixed(2)} → ${set.after.accuracy.toFixed(2)}, mean margin ${set.before.meanMargin.toFixed(2)} → ${set.after.meanMargin.toFixed(2)} (${set.after.pairs} pairs)`;
  process.stdout.write(
    [
      `Wrote ${result.outPath} (+ ${result.manifestPath}): ${result.steps} steps in ${result.seconds.toFixed(1)} s, accuracy ${result.accuracy.toFixed(3)}`,
      line('train', result.train),
      ...(result.heldOut ? [line('held-out', result.heldOut)] : []),
      ...result.probes.map((probe) => line(probe.label, probe)),
    ].join('\n') + '\n',
  );
}

/**
 * `workbench train rm`: a reward model (a LoRA judged by the log-prob of one judge token) trained with the
 * Bradley–Terry loss on preference pairs. With --json, stdout is JSON lines: each step, then {"type":"result", …,
 * "accuracy"} (held-out ranking accuracy, or the training pairs' when nothing is held out).
 */
export function registerTrainRewardModelCommand(program: Command): void {
  const train = program.commands.find((command) => command.name() === 'train') ?? program.command('train').description('Training runs');
  train
    .command('rm')
    .description('Train a reward model on preference pairs (Bradley–Terry loss; the adapter scores answers)')
    .requiredOption('--model <model>', 'base model: a library id or name, or a .gguf path')
    .requiredOption('--data <pairs>', 'preference pairs: a dataset id/name in the library, or a file to import')
    .option('--out <file>', 'where to write the reward adapter .gguf (default: the data home\'s adapters/reward-models)')
    .option('--val <pairs>', 'held-out pairs (default: --held-out of --data)')
    .option('--held-out <fraction>', 'share of --data held out when --val is not given (default 0.2)', parseNumberOption('held-out'))
    .option('--probe <label=pairs>', 'another pair set to measure (e.g. another domain); repeatable', parseProbe, [])
    .option('--epochs <n>', 'passes over the training pairs (default 2)', parseNumberOption('epochs'))
    .option('--lr <x>', 'peak learning rate (default 1e-3)', parseNumberOption('lr'))
    .option('--batch <n>', 'pairs per optimizer step (default 8)', parseIntegerOption('batch'))
    .option('--ctx <n>', 'context length in tokens (default 512)', parseIntegerOption('ctx'))
    .option('--rank <n>', 'LoRA rank (alpha = 2 × rank; default 8)', parseIntegerOption('rank'))
    .option('--eval-every <n>', 'score held-out and probe pairs every n steps (default 5)', parseIntegerOption('eval-every'))
    .option('--seed <n>', 'seed for the adapter, the held-out split and the order', parseIntegerOption('seed'))
    .option('--threads <n>', 'CPU threads (default: all cores)', parseIntegerOption('threads'))
    .option('--name <name>', 'name in the manifest')
    .option('--json', 'JSON lines: steps, then the result')
    .action((flags: RmFlags) => trainRewardModel(flags));
}

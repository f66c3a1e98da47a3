import type { Command } from 'commander';
import { worldSftProgressSchema, type WorldSftInput, type WorldSftResult } from '../../../../electron/shared/contract/worldChat.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runWorldChatJob } from './worldChatJob.ts';

interface SftOptions {
  world: string;
  model: string;
  data: string;
  idkData?: string;
  steps?: number;
  lr?: number;
  seed?: number;
  threads?: number;
  out?: string;
  name?: string;
  json?: boolean;
}

/**
 * `workbench world sft`: full-parameter SFT of a nano model on the world's known-people questions (base → chat)
 * or on `world idk-data`'s "I don't know" file, in the trainer host; the model joins the library. With --json,
 * stdout is JSON lines: each step, then {"type": "result", ...}. Ctrl-C cancels.
 */
export function registerWorldSftCommand(world: Command): void {
  world
    .command('sft')
    .description('Make a chat model: full SFT of a nano model on the known people\'s questions, or on "I don\'t know" data')
    .requiredOption('--world <dir>', 'world folder (facts.json, qa.jsonl …)')
    .requiredOption('--model <model>', 'the model to start from: a library id or name, or a .gguf path')
    .option('--data <kind>', 'known-qa (base → chat) or idk (the --idk-data file)', 'known-qa')
    .option('--idk-data <file>', 'SFT jsonl from `workbench world idk-data` (needed with --data idk)')
    .option('--steps <n>', 'optimizer steps (default 300 for known-qa, 200 for idk)', parseIntegerOption('steps'))
    .option('--lr <x>', 'peak learning rate (default 2e-3 for known-qa, 1e-3 for idk)', parseNumberOption('lr'))
    .option('--seed <s>', 'seed for the data order (default 1)', parseIntegerOption('seed'))
    .option('--threads <n>', 'CPU threads (default: all cores)', parseIntegerOption('threads'))
    .option('--out <file>', 'where to write the model .gguf (default: the data home\'s models folder)')
    .option('--name <name>', 'name in the model library')
    .option('--json', 'JSON lines: steps, then the result')
    .action(async (options: SftOptions) => {
      if (options.data !== 'known-qa' && options.data !== 'idk') throw new CliError(`--data must be known-qa or idk, got "${options.data}"`, 2);
      if (options.data === 'idk' && !options.idkData) throw new CliError('--data idk needs --idk-data <file> (from `workbench world idk-data`)', 2);
      const input: WorldSftInput = {
        worldDir: options.world,
        modelPath: options.model,
        data: options.data,
        ...(options.idkData === undefined ? {} : { idkDataPath: options.idkData }),
        ...(options.steps === undefined ? {} : { steps: options.steps }),
        ...(options.lr === undefined ? {} : { learningRate: options.lr }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(options.out === undefined ? {} : { outPath: options.out }),
        ...(options.name === undefined ? {} : { name: options.name }),
      };
      const result = await withEngine((engine) =>
        runWorldChatJob<WorldSftResult>(engine, 'worldChat.sft', input, (raw) => {
          const step = worldSftProgressSchema.safeParse(raw);
          if (!step.success) return;
          if (options.json) printJsonLine(step.data);
          else if (step.data.step % 10 === 0 || step.data.step === step.data.totalSteps) process.stderr.write(`step ${step.data.step}/${step.data.totalSteps}  loss ${step.data.loss.toFixed(3)}\n`);
        }),
      );
      if (options.json) {
        printJsonLine({ type: 'result', ...result });
        return;
      }
      process.stdout.write(
        `Wrote ${result.outPath} (library id ${result.modelId}): ${result.steps} steps on ${result.examples} examples, loss ${result.initialLoss.toFixed(3)} → ${result.finalLoss.toFixed(3)} in ${result.seconds.toFixed(1)} s\n`,
      );
    });
}

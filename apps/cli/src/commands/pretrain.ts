import type { Command } from 'commander';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import {
  pretrainingPresetNameSchema,
  pretrainingProgressSchema,
  type PretrainingProgress,
  type PretrainingResult,
  type PretrainingRunInput,
} from '../../../../electron/shared/contract/pretraining.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';

interface PretrainOptions {
  preset: string;
  data: string;
  tokenizer: string;
  out: string;
  steps?: number;
  seed?: number;
  threads?: number;
  batch?: number;
  lr?: number;
  checkpoints?: number;
  json?: boolean;
}

function printReadable(item: PretrainingProgress): void {
  if (item.type === 'setup') {
    process.stderr.write(`${item.parameters.toLocaleString('en-US')} parameters, vocab ${item.vocab}, ${item.windows} windows of ${item.windowLength} tokens, ${item.totalSteps} steps on ${item.backend}\n`);
  } else if (item.type === 'step' && (item.step % 10 === 0 || item.step === item.totalSteps)) {
    process.stderr.write(`step ${item.step}/${item.totalSteps}  loss ${item.loss.toFixed(3)}  ppl ${item.perplexity.toFixed(1)}  ${Math.round(item.tokensPerSecond)} tok/s\n`);
  } else if (item.type === 'checkpoint') {
    process.stderr.write(`checkpoint at step ${item.step}: sample loss ${item.sampleLoss.toFixed(3)}\n`);
    for (const sample of item.samples) process.stderr.write(`  ${JSON.stringify(sample.prompt)} → ${JSON.stringify(sample.completion)}\n`);
  }
}

/**
 * `workbench pretrain`: a tiny llama from random weights on a corpus, in the trainer host. With --json, stdout is
 * JSON lines: each progress item (setup, step, checkpoint), then {"type": "result", ...}. Ctrl-C cancels.
 */
export function registerPretrainCommand(program: Command): void {
  program
    .command('pretrain')
    .description('Pretrain a tiny llama from scratch (nano pretraining) and save it as a base model GGUF')
    .option('--preset <name>', `model size: ${pretrainingPresetNameSchema.options.join(', ')}`, 'tiny')
    .requiredOption('--data <file>', 'corpus: .txt/.md (documents separated by blank lines) or .jsonl with a "text" field')
    .requiredOption('--tokenizer <file>', 'tokenizer JSON from `workbench tokenizer train`')
    .requiredOption('--out <file>', 'where to write the base model .gguf')
    .option('--steps <n>', 'optimizer steps (default: the preset\'s)', parseIntegerOption('steps'))
    .option('--seed <s>', 'seed for the initial weights and the data order (default 1)', parseIntegerOption('seed'))
    .option('--threads <n>', 'CPU threads (default: all cores)', parseIntegerOption('threads'))
    .option('--batch <n>', 'windows per optimizer step (default: the preset\'s)', parseIntegerOption('batch'))
    .option('--lr <x>', 'peak learning rate (default: the preset\'s)', parseNumberOption('lr'))
    .option('--checkpoints <n>', 'checkpoints with samples per run (default 5)', parseIntegerOption('checkpoints'))
    .option('--json', 'JSON lines: progress items, then the result')
    .action(async (options: PretrainOptions) => {
      const preset = pretrainingPresetNameSchema.safeParse(options.preset);
      if (!preset.success) throw new CliError(`--preset must be one of ${pretrainingPresetNameSchema.options.join(', ')}, got "${options.preset}"`, 2);
      const request: PretrainingRunInput = {
        preset: preset.data,
        dataPath: options.data,
        tokenizerPath: options.tokenizer,
        outPath: options.out,
        ...(options.steps === undefined ? {} : { steps: options.steps }),
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(options.batch === undefined ? {} : { batchWindows: options.batch }),
        ...(options.lr === undefined ? {} : { learningRate: options.lr }),
        ...(options.checkpoints === undefined ? {} : { checkpoints: options.checkpoints }),
      };
      const result = await withEngine(async (engine) => {
        try {
          return await runJob<PretrainingResult>(engine, () => engine.call('pretraining.start', request) as Promise<{ jobId: string }>, {
            onItem: (raw) => {
              const item = pretrainingProgressSchema.safeParse(raw);
              if (!item.success) return;
              if (options.json) printJsonLine(item.data);
              else printReadable(item.data);
            },
          });
        } catch (error) {
          if (error instanceof WorkbenchError && error.code === 'bad_input') throw new CliError(error.message, 2);
          throw error;
        }
      });
      if (options.json) {
        printJsonLine({ type: 'result', ...result });
        return;
      }
      process.stdout.write(
        `Wrote ${result.outPath}: ${result.parameters.toLocaleString('en-US')} parameters, loss ${result.initialLoss.toFixed(3)} → ${result.finalLoss.toFixed(3)} ` +
          `in ${result.steps} steps (${result.seconds.toFixed(1)} s, ${Math.round(result.tokensPerSecond)} tokens/s)\n`,
      );
      if (result.probes) process.stdout.write(`Fact completions right: ${result.probes.correct}/${result.probes.evaluated} (${(100 * result.probes.accuracy).toFixed(1)}%)\n`);
    });
}

import type { Command } from 'commander';
import { evalFrameSchema, type EvalItemResult, type EvalRun, type EvalTaskInfo } from '../../../../electron/shared/contract/evals.ts';
import { parseTaskSpec } from '../../../../electron/engine/evals/loadTask.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';

interface RunOptions {
  model: string;
  lora?: string;
  loraScale: number;
  task: string;
  shots: number;
  seed: number;
  limit?: number;
  maxTokens: number;
  frame?: string;
  details?: boolean;
  json?: boolean;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

function itemLine(result: EvalItemResult): string {
  if (result.kind === 'number') return `${result.correct ? 'right' : 'wrong'}  ${result.itemId}  answer ${result.answer}, read ${result.extracted ?? '—'}`;
  const scores = result.choices.map((choice, index) => `${index === result.answer ? '*' : ' '}${index === result.chosen ? '>' : ' '}${choice.logprob.toFixed(2)}`).join(' ');
  return `${result.correct ? 'right' : 'wrong'}  ${result.itemId}  ${scores}`;
}

export function registerEvalCommand(program: Command): void {
  const command = program.command('eval').description('Benchmarks: multiple choice by log-likelihood (acc, acc_norm) and generation with exact final numbers');

  command
    .command('run')
    .description('Run a task (a built-in, an MMLU / C-Eval / CMMLU CSV, a JSONL or JSON file, or a world folder) on a model')
    .requiredOption('--model <model>', 'a library model (id or name) or a GGUF file')
    .option('--lora <adapter>', 'apply a LoRA adapter (GGUF file or library id)')
    .option('--lora-scale <x>', "the adapter's scale", parseNumberOption('lora-scale'), 1)
    .requiredOption('--task <file|builtin:name>', 'a task file, a world folder, or builtin:general-en|general-zh|traps|arithmetic|world')
    .option('--shots <k>', 'few-shot examples from the task itself (never the item)', parseIntegerOption('shots'), 0)
    .option('--seed <s>', 'seeds the few-shot draw', parseIntegerOption('seed'), 1234)
    .option('--limit <n>', 'only the first n items', parseIntegerOption('limit'))
    .option('--max-tokens <n>', 'longest reply of a generation item', parseIntegerOption('max-tokens'), 256)
    .option('--frame <frame>', "qa, completion or chat (default: the task's own)")
    .option('--details', "with --json: every item (each choice's log P, the chosen one, the right one)")
    .option('--json', 'print {"task", "items", "accuracy", "accNorm", "interval", "accNormInterval", "chance", …}')
    .action(async (options: RunOptions) => {
      const frame = options.frame === undefined ? null : evalFrameSchema.safeParse(options.frame);
      if (frame && !frame.success) throw new CliError(`--frame must be qa, completion or chat, got "${options.frame}"`, 2);
      if (options.shots < 0 || options.shots > 25) throw new CliError('--shots must be between 0 and 25', 2);
      if (options.limit !== undefined && options.limit < 1) throw new CliError('--limit must be at least 1', 2);
      const request = {
        targets: [{ model: options.model, lora: options.lora ?? null, loraScale: options.loraScale }],
        tasks: [parseTaskSpec(options.task)],
        settings: { shots: options.shots, seed: options.seed, limit: options.limit ?? null, maxTokens: options.maxTokens, frame: frame?.data ?? null },
      };
      const output = await withEngine(async (engine) => {
        const result = await runJob<{ runIds: string[] }>(
          engine,
          () => engine.call('evals.start', request) as Promise<{ jobId: string }>,
          {
            onProgress: (progress) => {
              if (!options.json && progress.message) process.stderr.write(`[${percent(progress.fraction ?? 0)}] ${progress.message}\n`);
            },
          },
        );
        return (await engine.call('evals.run', { id: result.runIds[0]! })) as { run: EvalRun; items: EvalItemResult[] };
      });
      const { run, items } = output;
      const summary = run.summary!;
      if (options.json) {
        printJson({
          task: run.taskName,
          items: summary.items,
          accuracy: summary.accuracy,
          accNorm: summary.accNorm,
          interval: summary.interval,
          accNormInterval: summary.accNormInterval,
          correct: summary.correct,
          chance: summary.chance,
          model: run.modelPath,
          lora: run.lora,
          shots: run.settings.shots,
          frame: run.frame,
          runId: run.id,
          ...(options.details ? { results: items } : {}),
        });
        return;
      }
      for (const result of items) process.stdout.write(`${itemLine(result)}\n`);
      process.stdout.write(
        `\n${run.label} on ${run.taskName} (${run.settings.shots}-shot, ${run.frame}): ${summary.items} items\n` +
          `accuracy ${percent(summary.accuracy)} [${percent(summary.interval[0])}, ${percent(summary.interval[1])}]  ` +
          `acc_norm ${percent(summary.accNorm)} [${percent(summary.accNormInterval[0])}, ${percent(summary.accNormInterval[1])}]  chance ${percent(summary.chance)}\n`,
      );
    });

  command
    .command('tasks')
    .description('The built-in tasks')
    .option('--json', 'print [{"name", "items", "frame", "chance", …}]')
    .action(async (options: { json?: boolean }) => {
      const tasks = (await withEngine((engine) => engine.call('evals.builtins', {}))) as EvalTaskInfo[];
      if (options.json) printJson(tasks);
      else for (const task of tasks) process.stdout.write(`builtin:${task.name.padEnd(12)} ${String(task.items).padStart(5)} items  ${task.description}\n`);
    });

  command
    .command('check')
    .description('Read a task file and say what is in it; a malformed file fails naming its line and field')
    .argument('<task>', 'a task file, a world folder or builtin:name')
    .option('--json', 'print {"name", "items", "choiceItems", "numberItems", "chance", …}')
    .action(async (task: string, options: { json?: boolean }) => {
      const info = (await withEngine((engine) => engine.call('evals.inspectTask', { source: parseTaskSpec(task) }))) as EvalTaskInfo;
      if (options.json) printJson(info);
      else process.stdout.write(`${info.name}: ${info.items} items (${info.choiceItems} multiple choice, ${info.numberItems} generation), chance ${percent(info.chance)}\n`);
    });
}

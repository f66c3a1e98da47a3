import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  compareAlignmentProgressSchema,
  type AlignmentRow,
  type CompareAlignmentInput,
  type CompareAlignmentResult,
} from '../../../../electron/shared/contract/alignmentComparison.ts';
import { parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';
import { alignmentStageLine } from '../stageLines.ts';

interface CompareAlignmentFlags {
  world: string;
  model: string;
  out: string;
  warmStartSteps?: number;
  steps?: number;
  promptsPerStep?: number;
  generations?: number;
  lr?: number;
  dpoBeta?: number;
  grpoBeta?: number;
  samples?: number;
  probePerGroup?: number;
  seed?: number;
  threads?: number;
  json?: boolean;
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The table as text: one line per method, the four measures and the training time. */
export function alignmentTable(rows: readonly AlignmentRow[]): string {
  const header = ['method', 'known correct', 'nonexistent refused', 'known refused', 'trained nonexistent refused', 'distinct replies', 'distinct-2', 'train s'];
  const lines = rows.map((row) => {
    const m = row.measures;
    return [row.method, percent(m.knownAccuracy), percent(m.nonexistentRefusal), percent(m.overRefusal), percent(m.trainedNonexistentRefusal), m.distinctReplies.toFixed(2), m.distinct2.toFixed(2), row.trainSeconds.toFixed(1)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  return [header, ...lines].map((line) => line.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function compareAlignment(flags: CompareAlignmentFlags): Promise<void> {
  const optional = <K extends keyof CompareAlignmentInput>(key: K, value: CompareAlignmentInput[K] | undefined) => (value === undefined ? {} : { [key]: value });
  const input: CompareAlignmentInput = {
    worldDir: resolve(flags.world),
    modelPath: flags.model,
    outDir: resolve(flags.out),
    ...optional('warmStartSteps', flags.warmStartSteps),
    ...optional('steps', flags.steps),
    ...optional('promptsPerStep', flags.promptsPerStep),
    ...optional('generations', flags.generations),
    ...optional('learningRate', flags.lr),
    ...optional('dpoBeta', flags.dpoBeta),
    ...optional('grpoBeta', flags.grpoBeta),
    ...optional('samples', flags.samples),
    ...optional('probePerGroup', flags.probePerGroup),
    ...optional('seed', flags.seed),
    ...optional('threads', flags.threads),
  };
  const result = await withEngine(async (engine) =>
    await runJob<CompareAlignmentResult>(
      engine,
      () => engine.call('rl.compareAlignmentStart', input) as Promise<{ jobId: string }>,
      {
        onItem: (raw) => {
          const item = compareAlignmentProgressSchema.safeParse(raw);
          if (!item.success) return;
          if (flags.json) {
            if (item.data.type !== 'step') printJsonLine(item.data);
          } else if (item.data.type === 'stage') process.stderr.write(`${alignmentStageLine(item.data.method, item.data.stage)}\n`);
          else if (item.data.type === 'step' && (item.data.step % 10 === 0 || item.data.step === item.data.totalSteps)) {
            process.stderr.write(`  ${item.data.method} step ${item.data.step}/${item.data.totalSteps}: ${item.data.metric} ${item.data.value.toFixed(3)}\n`);
          }
        },
      },
    ),
  );
  if (flags.json) {
    printJsonLine({ type: 'result', ...result });
    return;
  }
  const s = result.split;
  process.stdout.write(
    `${alignmentTable(result.rows)}\n` +
      `probe: ${s.probeQuestions} questions: known people's facts and ${s.probeNonexistentPeople} nonexistent people, none of them in the alignment training; ` +
      `training: ${s.trainPrompts} prompts, ${result.settings.steps} steps × ${result.settings.promptsPerStep} each (${result.seconds.toFixed(0)} s in all)\n`,
  );
}

/**
 * `workbench lab compare-alignment` (issue 26): the lectures' experiment on a world chat model — refusal SFT, DPO
 * and GRPO from one warm start with equal steps, measured on one held-out probe. With --json, stdout is JSON lines:
 * stages, each method's row as it is measured, then {"type":"result", rows, split, settings}.
 */
export function registerLabCompareAlignmentCommand(program: Command): void {
  const lab = program.commands.find((command) => command.name() === 'lab') ?? program.command('lab').description('Experiments the lectures set up, run end to end');
  lab
    .command('compare-alignment')
    .description('Refusal SFT vs DPO vs GRPO on a world chat model: who exists, over-refusal and diversity on one held-out probe')
    .requiredOption('--world <dir>', 'world folder (facts.json, qa.jsonl): workbench world generate')
    .requiredOption('--model <model>', 'the world chat model: a library id or name, or a .gguf path')
    .requiredOption('--out <dir>', 'folder for the warm start and each method\'s LoRA adapter')
    .option('--warm-start-steps <n>', 'LoRA refusal-SFT steps of the shared warm start', parseIntegerOption('warm-start-steps'))
    .option('--steps <n>', 'optimizer steps of each method (the equal budget)', parseIntegerOption('steps'))
    .option('--prompts-per-step <n>', 'training prompts per step, every method', parseIntegerOption('prompts-per-step'))
    .option('--generations <n>', 'GRPO samples per prompt', parseIntegerOption('generations'))
    .option('--lr <x>', 'learning rate, every method', parseNumberOption('lr'))
    .option('--dpo-beta <x>', "DPO's β", parseNumberOption('dpo-beta'))
    .option('--grpo-beta <x>', "GRPO's KL coefficient β", parseNumberOption('grpo-beta'))
    .option('--samples <n>', 'sampled replies per probe question (diversity)', parseIntegerOption('samples'))
    .option('--probe-per-group <n>', 'at most this many probe questions per group (0: all)', parseIntegerOption('probe-per-group'))
    .option('--seed <n>', 'seed', parseIntegerOption('seed'))
    .option('--threads <n>', 'trainer threads', parseIntegerOption('threads'))
    .option('--json', 'JSON lines on stdout')
    .action(async (flags: CompareAlignmentFlags) => await compareAlignment(flags));
}

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { grpoProgressSchema, type GrpoInput, type GrpoResult } from '../../../../electron/shared/contract/rl.ts';
import { parseRewardSpec, type RewardSpec } from '../../../../electron/engine/rl/grpoRewards.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';
import { grpoStageLine } from '../stageLines.ts';

interface GrpoFlags {
  model: string;
  lora?: string;
  prompts: string;
  heldOut?: string;
  reward: RewardSpec[];
  generations?: number;
  promptsPerStep?: number;
  steps?: number;
  beta?: number;
  temperature?: number;
  maxTokens?: number;
  lr?: number;
  rank?: number;
  ctx?: number;
  seed?: number;
  threads?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  out: string;
  runDir?: string;
  json?: boolean;
}

function collectReward(value: string, previous: RewardSpec[] = []): RewardSpec[] {
  try {
    return [...previous, parseRewardSpec(value)];
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

/** The run folder: beside the output, so running the same command again resumes it. */
const defaultRunDir = (out: string): string => resolve(out).replace(/\.gguf$/i, '') + '.grpo-run';

async function trainGrpo(flags: GrpoFlags): Promise<void> {
  if (flags.reward.length === 0) throw new CliError('--reward is required: exact, refusal, regex:PATTERN or rm:RM.gguf (repeatable, W*KIND weighs one)', 2);
  const input: GrpoInput = {
    modelPath: flags.model,
    startAdapterPath: flags.lora ?? null,
    promptsPath: flags.prompts,
    heldOutPath: flags.heldOut ?? null,
    rewards: flags.reward,
    outPath: resolve(flags.out),
    runDir: flags.runDir ? resolve(flags.runDir) : defaultRunDir(flags.out),
    ...(flags.generations === undefined ? {} : { generations: flags.generations }),
    ...(flags.promptsPerStep === undefined ? {} : { promptsPerStep: flags.promptsPerStep }),
    ...(flags.steps === undefined ? {} : { steps: flags.steps }),
    ...(flags.beta === undefined ? {} : { beta: flags.beta }),
    ...(flags.temperature === undefined ? {} : { temperature: flags.temperature }),
    ...(flags.maxTokens === undefined ? {} : { maxCompletionTokens: flags.maxTokens }),
    ...(flags.lr === undefined ? {} : { learningRate: flags.lr }),
    ...(flags.rank === undefined ? {} : { loraRank: flags.rank, loraAlpha: 2 * flags.rank }),
    ...(flags.ctx === undefined ? {} : { contextLength: flags.ctx }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.threads === undefined ? {} : { threads: flags.threads }),
    ...(flags.evalEvery === undefined ? {} : { evalEvery: flags.evalEvery }),
    ...(flags.checkpointEvery === undefined ? {} : { checkpointEvery: flags.checkpointEvery }),
  };
  const result = await withEngine(async (engine) =>
    await runJob<GrpoResult>(
      engine,
      () => engine.call('rl.grpoStart', input) as Promise<{ jobId: string }>,
      {
        onItem: (raw) => {
          const item = grpoProgressSchema.safeParse(raw);
          if (!item.success) return;
          if (flags.json) {
            if (item.data.type !== 'samples') printJsonLine(item.data);
          } else if (item.data.type === 'status') process.stderr.write(`${grpoStageLine(item.data.stage)}\n`);
          else if (item.data.type === 'step') {
            const s = item.data;
            process.stderr.write(`step ${s.step}/${s.totalSteps}  reward ${s.reward.toFixed(3)} ± ${s.rewardStd.toFixed(3)}  kl ${s.kl.toFixed(4)}  length ${s.completionLength.toFixed(1)}\n`);
          } else if (item.data.type === 'eval') process.stderr.write(`step ${item.data.step}: pass@1 ${item.data.passAt1.toFixed(3)} on ${item.data.heldOut} held-out prompts\n`);
        },
      },
    ),
  );
  if (flags.json) {
    printJsonLine({ type: 'result', ...result });
    return;
  }
  const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  process.stdout.write(
    (result.status === 'paused'
      ? `Paused at step ${result.step}; run the same command again to continue\n`
      : `Wrote ${result.outPath}: step ${result.step} in ${result.seconds.toFixed(1)} s, reward ${fmt(result.firstReward)} → ${fmt(result.lastReward)}, ` +
        `pass@1 ${fmt(result.passAt1Before)} → ${fmt(result.passAt1After)}, kl ${fmt(result.lastKl)}\n`),
  );
}

/**
 * `workbench train grpo`: GRPO on a LoRA (issue 26). With --json, stdout is JSON lines: each step (reward,
 * rewardStd, kl, completionLength…), pass@1 evaluations and checkpoints, then {"type":"result", …}. The run folder
 * (default OUT.grpo-run beside the adapter) holds checkpoints: the same command again resumes a killed run.
 */
export function registerTrainGrpoCommand(program: Command): void {
  const train = program.commands.find((command) => command.name() === 'train') ?? program.command('train').description('Training runs');
  train
    .command('grpo')
    .description('Reinforcement learning with GRPO: sample G replies per prompt, reward them, move the LoRA toward the better ones')
    .requiredOption('--model <model>', 'base model: a library id or name, or a .gguf path')
    .option('--lora <adapter>', 'start from this LoRA adapter (also the KL reference); default a fresh one')
    .requiredOption('--prompts <file>', 'JSONL prompts: {"prompt", "answer"?, "refuse"?} per line')
    .option('--held-out <file>', 'held-out prompts (same format) for pass@1')
    .option('--reward <spec>', 'exact | refusal | regex:PATTERN | rm:RM.gguf, optionally W*SPEC; repeatable, summed', collectReward, [])
    .option('--generations <n>', 'G: samples per prompt (default 8)', parseIntegerOption('generations'))
    .option('--prompts-per-step <n>', 'prompts per step (default 2)', parseIntegerOption('prompts-per-step'))
    .option('--steps <n>', 'optimizer steps (default 50)', parseIntegerOption('steps'))
    .option('--beta <x>', 'KL coefficient (default 0.04; 0 = off)', parseNumberOption('beta'))
    .option('--temperature <x>', 'sampling temperature (default 1)', parseNumberOption('temperature'))
    .option('--max-tokens <n>', 'longest reply in tokens (default 32)', parseIntegerOption('max-tokens'))
    .option('--lr <x>', 'learning rate (default 5e-5)', parseNumberOption('lr'))
    .option('--rank <n>', 'LoRA rank of a fresh adapter (alpha = 2 × rank; default 8)', parseIntegerOption('rank'))
    .option('--ctx <n>', 'context length in tokens (default 256)', parseIntegerOption('ctx'))
    .option('--seed <n>', 'seed of the adapter and of every sample', parseIntegerOption('seed'))
    .option('--threads <n>', 'CPU threads (default: all cores)', parseIntegerOption('threads'))
    .option('--eval-every <n>', 'pass@1 on --held-out every n steps (default 10)', parseIntegerOption('eval-every'))
    .option('--checkpoint-every <n>', 'checkpoint every n steps (default 10)', parseIntegerOption('checkpoint-every'))
    .requiredOption('--out <file>', 'where to write the LoRA adapter .gguf')
    .option('--run-dir <dir>', 'checkpoints and history (default OUT.grpo-run)')
    .option('--json', 'JSON lines: steps, evaluations, checkpoints, then the result')
    .action((flags: GrpoFlags) => trainGrpo(flags));
}

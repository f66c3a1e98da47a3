import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PretrainingResult } from '../electron/shared/contract/pretraining.ts';
import { estimatePretraining, pretrainingPreset } from '../electron/engine/pretraining/model/pretrainingPresets.ts';
import type { BenchRow } from './benchTypes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../apps/cli/bin/workbench.mjs');
const sftWorker = join(here, 'pretrainingSftWorker.ts');
const run = promisify(execFile);

async function workbench(args: string[], home: string): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60 * 60 * 1000,
    env: { ...process.env, WORKBENCH_HOME: home },
  });
  return stdout;
}

/**
 * The default 2-core nano pretraining, through the CLI exactly as a user runs it (world → tokenizer → pretrain in
 * the trainer host): a world of 100 people (the default 12 English + 4 Chinese biographies each), a 512-token BPE, the 'tiny'
 * preset (~1M parameters) at its default steps. Rows: time (anchor: the preset's estimate), tokens/s, loss and
 * the share of people whose "<Name> was born in" / "<名字>出生于" greedy completion is right. Then SFT of that base
 * on the known people's questions (bench/pretrainingSftWorker.ts, the native session directly: the regular
 * training jobs are another area) and the chat model's exact answers on known and held-out people.
 * WORKBENCH_BENCH_PRETRAIN_PRESET / _STEPS / _PEOPLE change the run.
 */
export async function runPretrainingBench(): Promise<BenchRow[]> {
  const presetName = process.env.WORKBENCH_BENCH_PRETRAIN_PRESET ?? 'tiny';
  const people = process.env.WORKBENCH_BENCH_PRETRAIN_PEOPLE ?? '100';
  const steps = process.env.WORKBENCH_BENCH_PRETRAIN_STEPS;
  const dir = mkdtempSync(join(tmpdir(), 'pretraining-bench-'));
  try {
    const home = join(dir, 'home');
    await workbench(['world', 'generate', '--people', people, '--seed', '1', '--out', join(dir, 'world'), '--json'], home);
    const tokenizerStarted = performance.now();
    const tokenizer = JSON.parse(
      await workbench(['tokenizer', 'train', '--data', join(dir, 'world/corpus.txt'), '--vocab', '512', '--out', join(dir, 'tokenizer.json'), '--json'], home),
    ) as { vocabSize: number; corpusBytes: number };
    const tokenizerSeconds = (performance.now() - tokenizerStarted) / 1000;
    const lines = (
      await workbench(
        ['pretrain', '--preset', presetName, '--data', join(dir, 'world/corpus.txt'), '--tokenizer', join(dir, 'tokenizer.json'), '--out', join(dir, 'base.gguf'), ...(steps ? ['--steps', steps] : []), '--json'],
        home,
      )
    )
      .trim()
      .split('\n');
    const result = JSON.parse(lines.at(-1)!) as PretrainingResult & { type: 'result' };
    const sftSteps = Number(process.env.WORKBENCH_BENCH_PRETRAIN_SFT_STEPS ?? 300);
    const sftRequest = { basePath: join(dir, 'base.gguf'), qaPath: join(dir, 'world/qa.jsonl'), tokenizerPath: join(dir, 'tokenizer.json'), steps: sftSteps, batch: 16, lr: 2e-3 };
    const { stdout: sftOut } = await run(process.execPath, ['--import', 'tsx', sftWorker, JSON.stringify(sftRequest)], { maxBuffer: 16 * 1024 * 1024, timeout: 60 * 60 * 1000 });
    const sft = JSON.parse(sftOut.trim().split('\n').at(-1)!) as {
      sftSeconds: number;
      firstLoss: number;
      lastLoss: number;
      knownQuestions: number;
      knownEn: number;
      knownZh: number;
      heldOutEn: number;
      heldOutZh: number;
    };
    const preset = pretrainingPreset(presetName);
    const estimate = estimatePretraining(preset.shape, result.vocab, result.steps, preset.batchWindows, 2);
    const label = `${presetName} (${result.parameters} params, ${result.steps} steps, ${people} people)`;
    const accuracy = (language: string) => {
      const bucket = result.probes?.byLanguage[language];
      return bucket && bucket.evaluated > 0 ? bucket.correct / bucket.evaluated : 0;
    };
    return [
      { name: `tokenizer train, ${tokenizer.corpusBytes} bytes → ${tokenizer.vocabSize} tokens (CLI, incl. start-up)`, value: tokenizerSeconds, unit: 's' },
      { name: `pretrain ${label}: wall time`, value: result.seconds, unit: 's', anchor: { name: 'preset estimate at 2 threads', value: estimate.seconds, unit: 's' } },
      { name: `pretrain ${label}: training speed`, value: result.tokensPerSecond, unit: 'tokens/s' },
      { name: `pretrain ${label}: loss first step → last 10 steps`, value: result.finalLoss, unit: 'nats', anchor: { name: 'first step', value: result.initialLoss, unit: 'nats' } },
      { name: `pretrain ${label}: "<Name> was born in" right (English)`, value: accuracy('en'), unit: 'fraction' },
      { name: `pretrain ${label}: "<名字>出生于" right (Chinese)`, value: accuracy('zh'), unit: 'fraction' },
      { name: `SFT of that base, ${sftSteps} steps × 16 of ${sft.knownQuestions} known-people questions: time`, value: sft.sftSeconds, unit: 's' },
      { name: 'SFT: answer loss first → last step', value: sft.lastLoss, unit: 'nats', anchor: { name: 'first step', value: sft.firstLoss, unit: 'nats' } },
      { name: 'chat model: exact answers, known people (English)', value: sft.knownEn, unit: 'fraction' },
      { name: 'chat model: exact answers, known people (Chinese)', value: sft.knownZh, unit: 'fraction' },
      { name: 'chat model: exact answers, held-out people (English)', value: sft.heldOutEn, unit: 'fraction' },
      { name: 'chat model: exact answers, held-out people (Chinese)', value: sft.heldOutZh, unit: 'fraction' },
      { name: 'pretraining + SFT total', value: result.seconds + sft.sftSeconds, unit: 's' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runPretrainingBench(), null, 2));
}

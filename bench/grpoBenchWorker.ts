/**
 * Child process of bench/grpoBench.ts: a few GRPO steps on the 0.5B-shape F16 model (random weights: every reply
 * runs to the token limit, the worst case for sampling), then an SFT step on sequences of the same lengths as the
 * anchor. Prints {"rows": [...]} as its last line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GrpoProgress } from '../electron/shared/contract/rl.ts';
import { runGrpo } from '../electron/engine/rl/runGrpo.ts';
import { loadNativeTrainer } from '../electron/engine/training/native/loadNativeTrainer.ts';
import { loraTargets } from '../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import type { BenchRow } from './benchTypes.ts';

// Qwen2.5-0.5B's shape, as bench/trainerBenchWorker.ts makes it (same fixture name and shape: one cached file; not
// imported, because importing that worker would run it)
const halfBillionShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;
const steps = Number(process.env.WORKBENCH_BENCH_GRPO_STEPS ?? 2);
const generations = Number(process.env.WORKBENCH_BENCH_GRPO_GENERATIONS ?? 4);
const replyTokens = Number(process.env.WORKBENCH_BENCH_GRPO_TOKENS ?? 32);
const threads = cpus().length;

const modelPath = await fixtureModel('bench-0.5b-f16', halfBillionShape);
const dir = mkdtempSync(join(tmpdir(), 'wb-grpo-bench-'));
try {
  const promptsPath = join(dir, 'prompts.jsonl');
  writeFileSync(promptsPath, `${JSON.stringify({ prompt: 'What is the capital of France? Answer in one word.', answer: 'Paris' })}\n`);
  const trainer = loadNativeTrainer();
  const items: GrpoProgress[] = [];
  await runGrpo(
    trainer,
    {
      modelPath,
      promptsPath,
      rewards: [{ kind: 'exact', weight: 1 }],
      generations,
      promptsPerStep: 1,
      steps,
      maxCompletionTokens: replyTokens,
      temperature: 1,
      learningRate: 1e-5,
      contextLength: 256,
      threads,
      checkpointEvery: 1000,
      evalEvery: 1000,
      outPath: join(dir, 'out.gguf'),
      runDir: join(dir, 'run'),
    },
    (item) => items.push(item),
  );
  const measured = items.flatMap((item) => (item.type === 'step' && item.step > 1 ? [item] : []));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const sampling = mean(measured.map((s) => s.samplingMs)) / 1000;
  const update = mean(measured.map((s) => s.updateMs)) / 1000;
  const length = mean(measured.map((s) => s.completionLength));

  // anchor: one SFT step on `generations` sequences of the same lengths (prompt ≈ 20 tokens + the reply)
  const session = await trainer.createSession({
    modelPath,
    mode: 'lora',
    lora: { rank: 8, alpha: 16, targets: [...loraTargets] },
    contextLength: 256,
    threads,
    seed: 1,
    optimizer: { lr: 1e-5, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 10 } },
  });
  const promptLength = session.tokenize('What is the capital of France? Answer in one word.', { addBos: true }).length;
  const sequences = Array.from({ length: generations }, (_, g) => {
    const tokens = Int32Array.from({ length: promptLength + Math.round(length) }, (_, i) => 100 + ((i * 7 + g * 13) % 20000));
    return { tokens, trainMask: new Uint8Array(tokens.length).fill(1, promptLength) };
  });
  await session.trainStep({ sequences }); // warm-up
  const started = performance.now();
  await session.trainStep({ sequences });
  const sft = (performance.now() - started) / 1000;
  session.dispose();

  const sampled = generations * length;
  const rows: BenchRow[] = [
    {
      name: `GRPO step sampling, 0.5B shape F16, G=${generations} × ≤${replyTokens} tokens`,
      value: sampling,
      unit: 's',
      notes: `${(sampled / sampling).toFixed(1)} sampled tokens/s (mean reply ${length.toFixed(1)} tokens with the end of turn); the session's own generate on the live LoRA, KV cache, ${threads} threads, CPU; mean of ${measured.length} step(s) after a warm-up`,
    },
    {
      name: `GRPO step update, 0.5B shape F16, ${generations} completions`,
      value: update,
      unit: 's',
      anchor: { name: 'SFT trainStep on sequences of the same lengths, same session shape', value: sft, unit: 's' },
      notes: `policy + reference log-probs (two forward passes) and one weightedStep (softmax·one-hot log-prob loss); LoRA r8 on every projection; update/sampling = ${(update / sampling).toFixed(2)}`,
    },
  ];
  process.stdout.write(`${JSON.stringify({ rows })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

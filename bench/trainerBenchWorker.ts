/**
 * Runs in its own process (spawned by trainerBench.ts): loads the trainer addon, which must never share a process
 * with node-llama-cpp. Prints one JSON line: { rows: BenchRow[] }.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { loadNativeTrainer } from '../electron/engine/training/native/loadNativeTrainer.ts';
import type { BaseWeightType } from '../electron/engine/training/native/nativeTrainerApi.ts';
import type { BenchRow } from './benchTypes.ts';

/** Qwen2.5-0.5B-like dimensions (24 layers, d 896, ff 4864, 14 heads / 2 KV heads) with a 32k vocabulary. */
export const halfBillionShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;

const sequenceLength = Number(process.env.WORKBENCH_BENCH_TRAIN_TOKENS ?? 512);
const steps = Number(process.env.WORKBENCH_BENCH_TRAIN_STEPS ?? 3);
const baseTypes = (process.env.WORKBENCH_BENCH_TRAIN_TYPES ?? 'F16').split(',') as BaseWeightType[];

async function measure(modelPath: string, type: string): Promise<BenchRow[]> {
  const trainer = loadNativeTrainer();
  const threads = cpus().length;
  const session = await trainer.createSession({
    modelPath,
    mode: 'lora',
    lora: { rank: 16, alpha: 32, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] },
    contextLength: sequenceLength,
    threads,
    seed: 1,
    optimizer: { lr: 1e-4, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'constant', warmupSteps: 0, totalSteps: 100 } },
  });
  try {
    const tokens = Int32Array.from({ length: sequenceLength }, (_, i) => 3 + ((i * 7919) % 31000));
    const batch = { sequences: [{ tokens, trainMask: new Uint8Array(sequenceLength).fill(1, 1) }] };
    await session.trainStep(batch); // warm-up: graph allocation, page-in of the weights
    const trainStart = performance.now();
    for (let i = 0; i < steps; i++) await session.trainStep(batch);
    const trainSeconds = (performance.now() - trainStart) / 1000;
    const evalStart = performance.now();
    await session.evalLoss(batch);
    const evalSeconds = (performance.now() - evalStart) / 1000;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const label = `LoRA SFT r16 all projections, 0.5B shape ${type}, ${sequenceLength} tokens/step, ${threads} threads, ${session.info.backend}`;
    return [
      {
        name: `trainer ${type} LoRA tokens/s`,
        value: (steps * sequenceLength) / trainSeconds,
        unit: 'tokens/s',
        anchor: { name: 'forward only (evalLoss), same session', value: sequenceLength / evalSeconds, unit: 'tokens/s' },
        notes: `${label}; ${(trainSeconds / steps).toFixed(2)} s/step over ${steps} steps after 1 warm-up; ${session.info.trainableParameters} trainable parameters`,
      },
      { name: `trainer ${type} LoRA peak RSS`, value: peakRss / 1024 ** 3, unit: 'GiB', notes: `${label}; process peak resident set` },
    ];
  } finally {
    session.dispose();
  }
}

const f16Path = await fixtureModel('bench-0.5b-f16', halfBillionShape);
const rows: BenchRow[] = [];
for (const type of baseTypes) {
  let path = f16Path;
  if (type !== 'F16') {
    path = f16Path.replace(/\.gguf$/, `.${type}.gguf`);
    await loadNativeTrainer().quantizeModel(f16Path, path, type);
  }
  rows.push(...(await measure(path, type)));
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);

/**
 * Runs in its own process (spawned by trainerBench.ts): loads the trainer addon, which must never share a process
 * with node-llama-cpp. Prints one JSON line: { rows: BenchRow[] }.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fixtureModel } from '../tests/helpers/fixtureModels.ts';
import { loadNativeTrainer } from '../electron/engine/training/native/loadNativeTrainer.ts';
import type { BaseWeightType, TrainingDeviceChoice, TrainingSession } from '../electron/engine/training/native/nativeTrainerApi.ts';
import type { BenchRow } from './benchTypes.ts';

/** Qwen2.5-0.5B-like dimensions (24 layers, d 896, ff 4864, 14 heads / 2 KV heads) with a 32k vocabulary. */
export const halfBillionShape = { layers: 24, embd: 896, heads: 14, kvHeads: 2, ffn: 4864, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;

/** WORKBENCH_BENCH_TRAIN_SHAPE=tiny: 2 layers, d 64, same vocabulary — checks the bench itself in seconds. */
const tinyShape = { layers: 2, embd: 64, heads: 4, kvHeads: 2, ffn: 128, vocab: 32000, ctx: 2048, type: 'f16', seed: 1 } as const;
const tiny = process.env.WORKBENCH_BENCH_TRAIN_SHAPE === 'tiny';
const shapeLabel = tiny ? 'tiny shape (2 layers, d 64)' : '0.5B shape';

const sequenceLength = Number(process.env.WORKBENCH_BENCH_TRAIN_TOKENS ?? 512);
const steps = Number(process.env.WORKBENCH_BENCH_TRAIN_STEPS ?? 3);
const baseTypes = (process.env.WORKBENCH_BENCH_TRAIN_TYPES ?? 'F16').split(',') as BaseWeightType[];
// Lavapipe (Mesa's CPU Vulkan device) counts as a GPU only when selected; on a machine with a real GPU the same
// variable picks its first Vulkan device.
process.env.GGML_VK_VISIBLE_DEVICES ??= '0';
/** WORKBENCH_BENCH_TRAIN_DEVICES=cpu,gpu:0 …; default: the CPU, then every GPU device the trainer found. */
function benchDevices(): TrainingDeviceChoice[] {
  if (process.env.WORKBENCH_BENCH_TRAIN_DEVICES) return process.env.WORKBENCH_BENCH_TRAIN_DEVICES.split(',') as TrainingDeviceChoice[];
  return loadNativeTrainer().devices().map((d) => d.id);
}

/**
 * DPO on the same session: one pair per step, each answer half the SFT sequence (the same tokens per step), the
 * pair packed into one micro-batch; reference log-probs computed once (adapter off), as a run caches them.
 */
async function measureDpo(session: TrainingSession, tokens: Int32Array): Promise<{ tokensPerSecond: number; secondsPerStep: number }> {
  const quarter = Math.floor(sequenceLength / 4);
  const answer = (offset: number) => {
    const sequence = new Int32Array(2 * quarter);
    sequence.set(tokens.subarray(0, quarter));
    sequence.set(tokens.subarray(offset, offset + quarter), quarter);
    return { tokens: sequence, trainMask: new Uint8Array(2 * quarter).fill(1, quarter) };
  };
  const chosen = answer(2 * quarter);
  const rejected = answer(3 * quarter);
  const [refChosen, refRejected] = await session.sequenceLogProbs([chosen, rejected], { adapter: false });
  const batch = { pairs: [{ chosen, rejected, referenceChosenLogProb: refChosen!.logProb, referenceRejectedLogProb: refRejected!.logProb }] };
  const options = { beta: 0.1 };
  await session.dpoStep(batch, options); // warm-up
  const start = performance.now();
  for (let i = 0; i < steps; i++) await session.dpoStep(batch, options);
  const seconds = (performance.now() - start) / 1000;
  return { tokensPerSecond: (steps * 4 * quarter) / seconds, secondsPerStep: seconds / steps };
}

/** The CPU run's SFT tokens/s per base type: the anchor of the GPU rows of the same job. */
const cpuSftTokensPerSecond = new Map<string, number>();

async function measure(modelPath: string, type: string, device: TrainingDeviceChoice): Promise<BenchRow[]> {
  const trainer = loadNativeTrainer();
  const threads = cpus().length;
  const session = await trainer.createSession({
    modelPath,
    mode: 'lora',
    lora: { rank: 16, alpha: 32, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] },
    contextLength: sequenceLength,
    threads,
    seed: 1,
    device,
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
    const dpo = await measureDpo(session, tokens);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const report = session.deviceReport();
    const where = device === 'cpu' ? 'CPU' : `${report.backend} (${report.deviceDescription}), ${report.splits} graph splits, ops on the CPU ${JSON.stringify(report.cpuOps)}`;
    const label = `LoRA SFT r16 all projections, ${shapeLabel} ${type}, ${sequenceLength} tokens/step, ${threads} threads, ${where}`;
    const suffix = device === 'cpu' ? '' : ` [${report.backend}]`;
    const sftTokensPerSecond = (steps * sequenceLength) / trainSeconds;
    if (device === 'cpu') cpuSftTokensPerSecond.set(type, sftTokensPerSecond);
    return [
      {
        name: `trainer ${type} LoRA tokens/s${suffix}`,
        value: sftTokensPerSecond,
        unit: 'tokens/s',
        anchor: device !== 'cpu' && cpuSftTokensPerSecond.has(type)
          ? { name: 'the same job on the CPU, same process', value: cpuSftTokensPerSecond.get(type)!, unit: 'tokens/s' }
          : { name: 'forward only (evalLoss), same session', value: sequenceLength / evalSeconds, unit: 'tokens/s' },
        notes: `${label}; ${(trainSeconds / steps).toFixed(2)} s/step over ${steps} steps after 1 warm-up; ${session.info.trainableParameters} trainable parameters`,
      },
      {
        name: `trainer ${type} LoRA DPO tokens/s${suffix}`,
        value: dpo.tokensPerSecond,
        unit: 'tokens/s',
        anchor: { name: 'LoRA SFT, same session', value: sftTokensPerSecond, unit: 'tokens/s' },
        notes:
          `${label.replace('LoRA SFT', 'LoRA DPO')}: one pair per step, chosen and rejected ${2 * Math.floor(sequenceLength / 4)} tokens each ` +
          `(the same ${Math.floor(sequenceLength / 4)}-token prompt, ${Math.floor(sequenceLength / 4)}-token answers as targets) packed into one micro-batch; ` +
          `${dpo.secondsPerStep.toFixed(2)} s/step over ${steps} steps after 1 warm-up`,
      },
      { name: `trainer ${type} LoRA peak RSS${suffix}`, value: peakRss / 1024 ** 3, unit: 'GiB', notes: `${label}; process peak resident set (all devices measured so far in this process)` },
      ...(device === 'cpu' ? [] : [{ name: `trainer ${type} LoRA device memory${suffix}`, value: report.deviceMemoryBytes / 1024 ** 3, unit: 'GiB', notes: `${label}; what the session holds in the device's memory` }]),
    ];
  } finally {
    session.dispose();
  }
}

const f16Path = tiny ? await fixtureModel('bench-tiny-f16', tinyShape) : await fixtureModel('bench-0.5b-f16', halfBillionShape);
const rows: BenchRow[] = [];
for (const type of baseTypes) {
  let path = f16Path;
  if (type !== 'F16') {
    path = f16Path.replace(/\.gguf$/, `.${type}.gguf`);
    await loadNativeTrainer().quantizeModel(f16Path, path, type);
  }
  for (const device of benchDevices()) rows.push(...(await measure(path, type, device)));
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);

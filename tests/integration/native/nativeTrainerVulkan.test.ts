import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeviceReport,
  PreferencePair,
  TrainingDeviceChoice,
  TrainingSession,
} from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, chatExample, loraSessionOptions, relativeDistance } from './trainerFixtures.ts';
import { vulkanTrainer } from './vulkanTrainer.ts';

/**
 * Training on a Vulkan device (Mesa's lavapipe in CI) through node-llama-cpp's prebuilt libggml-vulkan, loaded by
 * the trainer's dl build: LoRA gradients for SFT and DPO on F16 and Q8_0 bases equal the CPU's (which
 * nativeTrainerGradients / nativeTrainerDpo check against finite differences), a full-parameter step moves the
 * weights as the CPU's does, and ops forced off the GPU (the path Metal's missing backward kernels take) still give
 * the same gradients while the session reports where they ran.
 *
 * Tolerances (relative L2 distance over all gradients), measured on lavapipe (logged): SFT F16 8.5e-3, Q8_0 2.6e-2;
 * DPO F16 1.1e-2, Q8_0 2.8e-2; full mode on an F32 model 9.7e-4. The backends round differently — the CPU multiplies
 * an F16 or Q8_0 weight by activations converted to F16 / Q8_0, Vulkan's shaders by other tilings and precisions —
 * so the bounds are about twice the measured distance, while a wrong or missing gradient is a distance near 1.
 */
const { trainer, device, skip } = vulkanTrainer();
const gpu = (device?.id ?? 'gpu:0') as TrainingDeviceChoice;
const shape = { seed: 5, chatTemplate: 'chatml' as const };
let dir: string;
let modelPath: string;
let adapterPath: string;

beforeAll(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'wb-native-vulkan-'));
  modelPath = await fixtureModel('grad-check', shape);
  adapterPath = await fixtureLoraAdapter('grad-check', { rank: 4, alpha: 4, seed: 3 }, shape);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function loraSession(path: string, deviceChoice: TrainingDeviceChoice, cpuOps?: string[]): Promise<TrainingSession> {
  return trainer.createSession(
    loraSessionOptions(path, {
      device: deviceChoice,
      ...(cpuOps ? { cpuOps } : {}),
      lora: { rank: 4, alpha: 4, targets: ['q', 'v', 'down'], initAdapterPath: adapterPath },
    }),
  );
}

async function basedOn(type: 'F16' | 'Q8_0'): Promise<string> {
  const path = join(dir, `base-${type}.gguf`);
  await trainer.quantizeModel(modelPath, path, type);
  return path;
}

const dpoTexts = [
  ['hi there', 'hello there friend', 'go away'],
  ['where is it?', 'under the mat.', 'no idea, sorry'],
] as const;

async function pairs(s: TrainingSession): Promise<PreferencePair[]> {
  const out: PreferencePair[] = [];
  for (const [user, chosen, rejected] of dpoTexts) {
    const c = chatExample(s, user, chosen);
    const r = chatExample(s, user, rejected);
    const [refC, refR] = await s.sequenceLogProbs([c, r], { adapter: false });
    out.push({ chosen: c, rejected: r, referenceChosenLogProb: refC!.logProb, referenceRejectedLogProb: refR!.logProb });
  }
  return out;
}

async function sftGradients(path: string, deviceChoice: TrainingDeviceChoice, cpuOps?: string[]) {
  const s = await loraSession(path, deviceChoice, cpuOps);
  try {
    const result = await s.computeGradients({ sequences: [chatExample(s, 'hi there', 'hello there friend'), chatExample(s, 'where is it?', 'under the mat.')] });
    return { ...result, info: s.info, report: s.deviceReport() };
  } finally {
    s.dispose();
  }
}

async function dpoGradients(path: string, deviceChoice: TrainingDeviceChoice) {
  const s = await loraSession(path, deviceChoice);
  try {
    const result = await s.computeDpoGradients({ pairs: await pairs(s) }, { beta: 0.5 });
    return { ...result, report: s.deviceReport() };
  } finally {
    s.dispose();
  }
}

function expectOnVulkan(report: DeviceReport): void {
  expect(report.backend).toMatch(/^Vulkan\d+$/);
  expect(report.deviceDescription).toBe(device!.description);
  expect(report.splits).toBeGreaterThanOrEqual(1);
  expect(report.deviceMemoryBytes).toBeGreaterThan(0);
}

describe.skipIf(skip !== null)(`native trainer on Vulkan${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it.each(['F16', 'Q8_0'] as const)('LoRA SFT gradients on a %s base equal the CPU ones', async (type) => {
    const base = await basedOn(type);
    const cpu = await sftGradients(base, 'cpu');
    const vulkan = await sftGradients(base, gpu);
    expect(cpu.info.backend).toBe('CPU');
    expect(cpu.report.cpuOps).toEqual({});
    expectOnVulkan(vulkan.report);
    const distance = relativeDistance(vulkan.gradients, cpu.gradients);
    console.log(`Vulkan SFT ${type}: loss ${vulkan.loss} vs CPU ${cpu.loss}, gradient distance ${distance.toExponential(2)}, ` +
      `${vulkan.report.splits} splits, CPU ops ${JSON.stringify(vulkan.report.cpuOps)}, ${(vulkan.report.deviceMemoryBytes / 2 ** 20).toFixed(1)} MiB`);
    expect(Math.abs(vulkan.loss - cpu.loss) / cpu.loss).toBeLessThan(2e-3);
    expect(distance).toBeLessThan(type === 'F16' ? 2e-2 : 6e-2);
  });

  it.each(['F16', 'Q8_0'] as const)('LoRA DPO gradients on a %s base equal the CPU ones', async (type) => {
    const base = await basedOn(type);
    const cpu = await dpoGradients(base, 'cpu');
    const vulkan = await dpoGradients(base, gpu);
    expectOnVulkan(vulkan.report);
    const distance = relativeDistance(vulkan.gradients, cpu.gradients);
    console.log(`Vulkan DPO ${type}: loss ${vulkan.loss} vs CPU ${cpu.loss}, gradient distance ${distance.toExponential(2)}`);
    // the DPO loss magnifies log-prob rounding (summed over each answer, references computed on each device)
    expect(Math.abs(vulkan.loss - cpu.loss) / cpu.loss).toBeLessThan(3e-2);
    expect(distance).toBeLessThan(type === 'F16' ? 3e-2 : 6e-2);
  });

  it('full-parameter mode: the gradients of every weight and one AdamW step match the CPU', async () => {
    const results = [];
    for (const deviceChoice of ['cpu', gpu] as const) {
      const s = await trainer.createSession({
        modelPath, mode: 'full', contextLength: 64, threads: 1, seed: 1, device: deviceChoice,
        optimizer: adamw({ lr: 1e-3, weightDecay: 0.01, gradClip: 0 }),
      });
      try {
        const tokens = s.tokenize('the quick brown fox jumps over the lazy dog', { addBos: true });
        const batch = { sequences: [{ tokens, trainMask: new Uint8Array(tokens.length).fill(1) }] };
        const { gradients } = await s.computeGradients(batch);
        const step = await s.trainStep(batch);
        const after = await s.evalLoss(batch);
        results.push({ gradients, step, after: after.loss, report: s.deviceReport() });
      } finally {
        s.dispose();
      }
    }
    const [cpu, vulkan] = results as [(typeof results)[0], (typeof results)[0]];
    expectOnVulkan(vulkan.report);
    expect(vulkan.gradients.size).toBe(cpu.gradients.size);
    const distance = relativeDistance(vulkan.gradients, cpu.gradients);
    console.log(`Vulkan full: loss ${vulkan.step.loss} vs ${cpu.step.loss}, gradient distance ${distance.toExponential(2)}, ` +
      `loss after one step ${vulkan.after} vs ${cpu.after}, CPU ops ${JSON.stringify(vulkan.report.cpuOps)}`);
    expect(distance).toBeLessThan(3e-3); // an F32 model: summation order and the CPU-side embedding gradient; measured 9.7e-4
    expect(Math.abs(vulkan.step.loss - cpu.step.loss) / cpu.step.loss).toBeLessThan(1e-4);
    // the step lowered the loss by the same amount on both devices
    expect(vulkan.after).toBeLessThan(vulkan.step.loss);
    expect(Math.abs((vulkan.step.loss - vulkan.after) - (cpu.step.loss - cpu.after)) / (cpu.step.loss - cpu.after)).toBeLessThan(1e-2);
  });

  it('ops forced onto the CPU (as Metal runs its missing backward ops) give the same gradients and are reported', async () => {
    const forced = ['CROSS_ENTROPY_LOSS_BACK', 'SOFT_MAX_BACK', 'RMS_NORM_BACK'];
    const base = await basedOn('F16');
    const plain = await sftGradients(base, gpu);
    const fallback = await sftGradients(base, gpu, forced);
    expectOnVulkan(fallback.report);
    for (const op of forced) {
      expect(plain.report.cpuOps[op], `${op} ran on the CPU without being forced`).toBeUndefined();
      expect(fallback.report.cpuOps[op], `${op} is not reported on the CPU`).toBeGreaterThan(0);
    }
    expect(fallback.report.splits).toBeGreaterThan(plain.report.splits);
    const distance = relativeDistance(fallback.gradients, plain.gradients);
    console.log(`Vulkan forced CPU ops: splits ${plain.report.splits} -> ${fallback.report.splits}, CPU ops ${JSON.stringify(fallback.report.cpuOps)}, gradient distance ${distance.toExponential(2)}`);
    expect(distance).toBeLessThan(1e-3);
  });

  it('an unknown device and an unknown op name are refused before any work', async () => {
    await expect(trainer.createSession(loraSessionOptions(modelPath, { device: 'gpu:7' }))).rejects.toThrow(/gpu:7 does not exist: the GPU devices are gpu:0/);
    await expect(trainer.createSession(loraSessionOptions(modelPath, { device: gpu, cpuOps: ['NOT_AN_OP'] }))).rejects.toThrow(/NOT_AN_OP is not a ggml op name/);
  });
});

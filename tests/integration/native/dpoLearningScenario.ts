import { join } from 'node:path';
import { expect } from 'vitest';
import type {
  DpoStats,
  NativeTrainerBinding,
  OptimizerOptions,
  PreferencePair,
  TrainingDeviceChoice,
  TrainingSession,
} from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { nodeLlamaCppGreedy } from './runNodeLlamaCpp.ts';
import { adamw, chatExample, loraSessionOptions } from './trainerFixtures.ts';

/**
 * Run on `device` by nativeTrainerDpoLearning (CPU) and nativeTrainerVulkanLearning (Vulkan: the SFT phase on the
 * CPU, then a shorter DPO phase on Vulkan and, from the same SFT adapter, on the CPU), same assertions.
 * Real preference learning. A tiny chat model is SFT-trained on nine questions, each with its direct answer (twice)
 * and a polite refusal (once): it can say both, and greedy decoding gives the direct answers. DPO then continues
 * that adapter (the reference policy is the SFT adapter, frozen as numbers) on six of the questions with the refusal
 * as chosen and the direct answer as rejected. The chosen−rejected log-prob margin grows on the six training pairs
 * and on the three held-out questions DPO never saw, rewards/accuracies reaches 1, and greedy generation — in the
 * trainer and in node-llama-cpp with the saved adapter — switches to the refusal on all nine.
 */
const refusal = 'Sorry, I can not say.';
const trainQa = [
  ['What is the capital of France?', 'Paris.'],
  ['Name a primary color.', 'Blue.'],
  ['What is 2+2?', 'Four.'],
  ['Say hello.', 'Hello!'],
  ['What do cows drink?', 'Water.'],
  ['How many legs has a cat?', 'Four legs.'],
] as const;
const heldOutQa = [
  ['What is the sky like?', 'Blue and wide.'],
  ['Name a fruit.', 'An apple.'],
  ['What is 3+3?', 'Six.'],
] as const;
const allQa = [...trainQa, ...heldOutQa];

async function greedy(s: TrainingSession, user: string): Promise<string> {
  return s.detokenize(await s.generate(chatExample(s, user, '').prompt, { maxTokens: 24 }));
}

/** Refusal chosen, direct answer rejected; the reference is the session's policy as it is now (the SFT adapter). */
async function refusalPairs(s: TrainingSession, qa: readonly (readonly [string, string])[]): Promise<PreferencePair[]> {
  const pairs: PreferencePair[] = [];
  for (const [question, answer] of qa) {
    const chosen = chatExample(s, question, refusal);
    const rejected = chatExample(s, question, answer);
    const [c, r] = await s.sequenceLogProbs([chosen, rejected]);
    pairs.push({ chosen, rejected, referenceChosenLogProb: c!.logProb, referenceRejectedLogProb: r!.logProb });
  }
  return pairs;
}

const logpMargin = (stats: DpoStats) => stats.logpsChosen - stats.logpsRejected;

/** How the DPO phase runs: the CPU test's 30 steps at lr 1e-3 by default; the Vulkan test runs fewer, steeper steps. */
export interface DpoRun {
  steps: number;
  optimizer: OptimizerOptions;
  /** Greedy generation in the trainer too (on lavapipe it re-runs the whole sequence per token: slow). */
  trainerGreedy: boolean;
}

export const cpuDpoRun: DpoRun = { steps: 30, optimizer: adamw({ lr: 1e-3 }), trainerGreedy: true };

export interface DpoOutcome {
  /** dpoStep's loss at each step (before that step's update). */
  losses: number[];
  trainBefore: DpoStats;
  trainAfter: DpoStats;
  heldOutBefore: DpoStats;
  heldOutAfter: DpoStats;
}

export async function dpoLearns(trainer: NativeTrainerBinding, modelPath: string, dir: string, device: TrainingDeviceChoice): Promise<DpoOutcome> {
  const sftPath = await sftBothAnswers(trainer, modelPath, dir, device);
  return dpoPrefersRefusal(trainer, modelPath, sftPath, dir, device);
}

/** The SFT phase: an adapter that can give the direct answers (greedy) and the refusal; written to dir/sft.gguf. */
export async function sftBothAnswers(trainer: NativeTrainerBinding, modelPath: string, dir: string, device: TrainingDeviceChoice): Promise<string> {
  const sftPath = join(dir, 'sft.gguf');
  const sft = await trainer.createSession(
    loraSessionOptions(modelPath, { device, optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: 60, minLrRatio: 0.1 } }) }),
  );
  try {
    const sequences = [...allQa, ...allQa].map(([q, a]) => chatExample(sft, q, a));
    sequences.push(...allQa.map(([q]) => chatExample(sft, q, refusal)));
    for (let step = 0; step < 60; step++) await sft.trainStep({ sequences });
    for (const [question, answer] of allQa) expect(await greedy(sft, question)).toBe(answer);
    await sft.saveAdapter(sftPath);
  } finally {
    sft.dispose();
  }
  return sftPath;
}

/** The DPO phase on `device`, continuing the SFT adapter at `sftPath`; the saved adapter is dir/dpo.gguf. */
export async function dpoPrefersRefusal(
  trainer: NativeTrainerBinding,
  modelPath: string,
  sftPath: string,
  dir: string,
  device: TrainingDeviceChoice,
  run: DpoRun = cpuDpoRun,
): Promise<DpoOutcome> {
  const dpoPath = join(dir, 'dpo.gguf');
  const s = await trainer.createSession(
    loraSessionOptions(modelPath, {
      device,
      lora: { rank: 8, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], initAdapterPath: sftPath },
      optimizer: run.optimizer,
    }),
  );
  try {
    const options = { beta: 0.1 };
    const train = await refusalPairs(s, trainQa);
    const heldOut = await refusalPairs(s, heldOutQa);
    const trainBefore = await s.evalDpo({ pairs: train }, options);
    const heldOutBefore = await s.evalDpo({ pairs: heldOut }, options);
    // the reference is the starting policy: z = 0 for every pair
    expect(trainBefore.loss).toBeCloseTo(Math.LN2, 9);
    expect(logpMargin(trainBefore)).toBeLessThan(0); // the SFT model prefers the direct answers (about 2:1)

    const steps = [];
    for (let step = 0; step < run.steps; step++) steps.push(await s.dpoStep({ pairs: train }, options));
    expect(steps[0]!.loss).toBeCloseTo(Math.LN2, 3);
    expect(steps.at(-1)!.loss).toBeLessThan(0.1 * Math.LN2);
    expect(steps.at(-1)!.rewardsAccuracies).toBe(1);

    const trainAfter = await s.evalDpo({ pairs: train }, options);
    const heldOutAfter = await s.evalDpo({ pairs: heldOut }, options);
    console.log(
      `DPO learning: train log-prob margin ${logpMargin(trainBefore).toFixed(2)} -> ${logpMargin(trainAfter).toFixed(2)}, ` +
        `rewards/margins ${trainAfter.rewardsMargins.toFixed(3)}, accuracies ${trainAfter.rewardsAccuracies}, ` +
        `logps chosen ${trainBefore.logpsChosen.toFixed(2)} -> ${trainAfter.logpsChosen.toFixed(2)}, rejected ${trainBefore.logpsRejected.toFixed(2)} -> ${trainAfter.logpsRejected.toFixed(2)}; ` +
        `held-out margin ${logpMargin(heldOutBefore).toFixed(2)} -> ${logpMargin(heldOutAfter).toFixed(2)}, rewards/margins ${heldOutAfter.rewardsMargins.toFixed(3)}, accuracies ${heldOutAfter.rewardsAccuracies}`,
    );
    expect(trainAfter.rewardsAccuracies).toBe(1);
    expect(trainAfter.rewardsMargins).toBeGreaterThan(2);
    expect(logpMargin(trainAfter) - logpMargin(trainBefore)).toBeGreaterThan(20);
    // held-out questions of the same kind, never seen by DPO
    expect(heldOutAfter.rewardsAccuracies).toBe(1);
    expect(heldOutAfter.rewardsMargins).toBeGreaterThan(1);
    expect(logpMargin(heldOutAfter) - logpMargin(heldOutBefore)).toBeGreaterThan(10);
    if (run.trainerGreedy) for (const [question] of allQa) expect(await greedy(s, question), question).toBe(refusal);
    await s.saveAdapter(dpoPath);

    // the saved adapter carries the preference into inference (node-llama-cpp, its own ggml, another process)
    const prompts = allQa.map(([q]) => [...chatExample(s, q, '').prompt]);
    const { generations } = await nodeLlamaCppGreedy({ modelPath, loraPath: dpoPath, prompts, maxTokens: 24 });
    for (const generation of generations) expect(generation).toEqual([...s.tokenize(refusal)]);
    return { losses: steps.map((step) => step.loss), trainBefore, trainAfter, heldOutBefore, heldOutAfter };
  } finally {
    s.dispose();
  }
}

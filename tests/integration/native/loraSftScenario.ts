import { join } from 'node:path';
import { expect } from 'vitest';
import type { NativeTrainerBinding, OptimizerOptions, TrainingDeviceChoice } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { nodeLlamaCppGreedy } from './runNodeLlamaCpp.ts';
import { adamw, chatExample, loraSessionOptions, qaPairs, type ChatExample } from './trainerFixtures.ts';

/** How long the run is: the CPU test's 60 cosine steps by default; the Vulkan test runs a shorter, steeper schedule. */
export interface LoraSftRun {
  steps: number;
  optimizer: OptimizerOptions;
}

export const cpuSftRun: LoraSftRun = {
  steps: 60,
  optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: 60, minLrRatio: 0.1 } }),
};

export interface LoraSftOutcome {
  /** evalLoss before the first and after the last of `steps` steps. */
  before: number;
  after: number;
  /** trainStep's loss at each step (taken before that step's update). */
  losses: number[];
  examples: ChatExample[];
  /** The saved adapter, and the trainer's own per-token log-probs of each example's answer for those weights. */
  adapterPath: string;
  answerLogProbs: Float32Array[];
}

/**
 * LoRA SFT on four fixed question → answer conversations on `device`: the loss falls below 5 % of the base model's,
 * greedy decoding in the trainer gives the trained answers, and the adapter file makes node-llama-cpp (another
 * process, another ggml, on the CPU) answer with them too, which the bare model does not. The CPU test
 * (nativeTrainerLearning) and the Vulkan test (nativeTrainerVulkanLearning) run exactly this.
 */
export async function loraSftLearns(
  trainer: NativeTrainerBinding,
  modelPath: string,
  dir: string,
  device: TrainingDeviceChoice,
  run: LoraSftRun = cpuSftRun,
): Promise<LoraSftOutcome> {
  const session = await trainer.createSession(loraSessionOptions(modelPath, { device, optimizer: run.optimizer }));
  const adapterPath = join(dir, 'qa.gguf');
  let examples: ChatExample[];
  let before: number;
  let after: number;
  const losses: number[] = [];
  let answerLogProbs: Float32Array[];
  try {
    expect(session.info.architecture).toBe('llama');
    expect(session.info.lora).toEqual({ rank: 8, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] });
    examples = qaPairs.map(([q, a]) => chatExample(session, q, a));
    before = (await session.evalLoss({ sequences: examples })).loss;
    const progress: number[] = [];
    for (let step = 0; step < run.steps; step++) {
      const result = await session.trainStep({ sequences: examples }, (p) => progress.push(p.microBatch));
      losses.push(result.loss);
      expect(result.step).toBe(step + 1);
      expect(result.targetTokens).toBe(examples.reduce((n, e) => n + e.answer.length, 0));
    }
    // the first step's loss is taken before any update: it is the base model's loss
    expect(losses[0]).toBeCloseTo(before, 3);
    after = (await session.evalLoss({ sequences: examples })).loss;
    expect(after).toBeLessThan(before * 0.05);
    expect(progress.slice(0, 2)).toEqual([1, 1]); // the four short conversations share one micro-batch
    for (const example of examples) {
      const generated = await session.generate(example.prompt, { maxTokens: 16 });
      expect(session.detokenize(generated)).toBe(session.detokenize(example.answer.subarray(0, -1)));
    }
    // generation switched the context to inference graphs; training switches back and carries on
    expect((await session.trainStep({ sequences: examples })).loss).toBeLessThan(before * 0.05);
    answerLogProbs = (await session.sequenceLogProbs(examples)).map((r) => r.tokenLogProbs);
    await session.saveAdapter(adapterPath);
  } finally {
    session.dispose();
  }

  const prompts = examples.map((e) => [...e.prompt]);
  const answers = examples.map((e) => [...e.answer.subarray(0, -1)]); // without <|im_end|>
  const texts = qaPairs.map(([q]) => `<|im_start|>user\n${q}<|im_end|>\n<|im_start|>assistant\n`);
  const withAdapter = await nodeLlamaCppGreedy({ modelPath, loraPath: adapterPath, prompts, texts, maxTokens: 16 });
  expect(withAdapter.tokenizations).toEqual(prompts); // the trainer tokenizes exactly like inference
  expect(withAdapter.generations).toEqual(answers);
  const bare = await nodeLlamaCppGreedy({ modelPath, prompts, maxTokens: 16 });
  for (let i = 0; i < answers.length; i++) expect(bare.generations[i]).not.toEqual(answers[i]);
  return { before, after, losses, examples, adapterPath, answerLogProbs };
}

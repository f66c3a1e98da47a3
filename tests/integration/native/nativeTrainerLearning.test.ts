import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { nodeLlamaCppGreedy } from './runNodeLlamaCpp.ts';
import { adamw, chatExample, loraSessionOptions, nativeTrainer, qaPairs, type ChatExample } from './trainerFixtures.ts';

/**
 * Real learning end to end: LoRA SFT on four fixed question → answer conversations drives the loss down, and the
 * adapter file it writes makes node-llama-cpp (another process, another ggml) answer with the trained answers,
 * which the bare model does not. Full-parameter training from random init does the same for plain text.
 */
let dir: string;
let modelPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-learn-'));
  modelPath = await fixtureModel('tiny-chat');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native trainer learns', () => {
  it('LoRA SFT: the loss falls and node-llama-cpp with the saved adapter gives the trained answers', async () => {
    const session = await nativeTrainer().createSession(
      loraSessionOptions(modelPath, { optimizer: adamw({ schedule: { kind: 'cosine', warmupSteps: 5, totalSteps: 60, minLrRatio: 0.1 } }) }),
    );
    const adapterPath = join(dir, 'qa.gguf');
    let examples: ChatExample[];
    try {
      expect(session.info.architecture).toBe('llama');
      expect(session.info.lora).toEqual({ rank: 8, alpha: 16, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] });
      examples = qaPairs.map(([q, a]) => chatExample(session, q, a));
      const before = await session.evalLoss({ sequences: examples });
      const losses: number[] = [];
      const progress: number[] = [];
      for (let step = 0; step < 60; step++) {
        const result = await session.trainStep({ sequences: examples }, (p) => progress.push(p.microBatch));
        losses.push(result.loss);
        expect(result.step).toBe(step + 1);
        expect(result.targetTokens).toBe(examples.reduce((n, e) => n + e.answer.length, 0));
      }
      // the first step's loss is taken before any update: it is the base model's loss
      expect(losses[0]).toBeCloseTo(before.loss, 3);
      const after = await session.evalLoss({ sequences: examples });
      expect(after.loss).toBeLessThan(before.loss * 0.05);
      expect(progress.slice(0, 2)).toEqual([1, 1]); // the four short conversations share one micro-batch
      for (const example of examples) {
        const generated = await session.generate(example.prompt, { maxTokens: 16 });
        expect(session.detokenize(generated)).toBe(session.detokenize(example.answer.subarray(0, -1)));
      }
      // generation switched the context to inference graphs; training switches back and carries on
      expect((await session.trainStep({ sequences: examples })).loss).toBeLessThan(before.loss * 0.05);
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
  });

  it('full-parameter training from random init memorises text, and the saved model runs in node-llama-cpp', async () => {
    const session = await nativeTrainer().createSession({
      modelPath: await fixtureModel('tiny-base'),
      mode: 'full',
      contextLength: 64,
      threads: 1,
      seed: 1,
      optimizer: adamw({ lr: 3e-3, weightDecay: 0.01, schedule: { kind: 'linear', warmupSteps: 3, totalSteps: 40 } }),
    });
    const savedPath = join(dir, 'full.gguf');
    const text = 'the quick brown fox jumps over the lazy dog';
    let tokens: Int32Array;
    try {
      expect(session.info.lora).toBeNull();
      expect(session.parameterNames()).toContain('token_embd.weight');
      tokens = session.tokenize(text, { addBos: true });
      const sequence = { tokens, trainMask: new Uint8Array(tokens.length).fill(1) };
      const first = await session.trainStep({ sequences: [sequence] });
      let last = first;
      for (let step = 1; step < 40; step++) last = await session.trainStep({ sequences: [sequence] });
      expect(last.loss).toBeLessThan(first.loss * 0.05);
      await session.saveModel(savedPath);
    } finally {
      session.dispose();
    }
    const prompt = [...tokens.subarray(0, 4)];
    const { generations } = await nodeLlamaCppGreedy({ modelPath: savedPath, prompts: [prompt], maxTokens: tokens.length - 4 });
    expect(generations[0]).toEqual([...tokens.subarray(4)]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { nodeLlamaCppGreedy } from './runNodeLlamaCpp.ts';
import { loraSftLearns } from './loraSftScenario.ts';
import { adamw, nativeTrainer } from './trainerFixtures.ts';

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
    await loraSftLearns(nativeTrainer(), modelPath, dir, 'cpu');
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

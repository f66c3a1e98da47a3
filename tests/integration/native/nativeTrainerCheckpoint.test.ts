import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSession } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, chatExample, loraSessionOptions, nativeTrainer, qaPairs } from './trainerFixtures.ts';

/**
 * A checkpoint holds everything the next steps depend on (adapter, AdamW moments, step, RNG): training 3 steps,
 * checkpointing, and continuing in a fresh session follows the uninterrupted run's loss trajectory exactly,
 * schedule included.
 */
let dir: string;
let modelPath: string;
const optimizer = adamw({ lr: 5e-3, weightDecay: 0.1, schedule: { kind: 'cosine', warmupSteps: 2, totalSteps: 8 } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-ckpt-'));
  modelPath = await fixtureModel('tiny-chat');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(session: TrainingSession, steps: number): Promise<number[]> {
  const batch = { sequences: qaPairs.map(([q, a]) => chatExample(session, q, a)) };
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await session.trainStep(batch)).loss);
  return losses;
}

describe('native trainer checkpoints', () => {
  it('resuming from a checkpoint in a fresh session continues the same loss trajectory', async () => {
    const checkpoint = join(dir, 'step-3');
    const uninterrupted = await nativeTrainer().createSession(loraSessionOptions(modelPath, { optimizer }));
    let expected: number[];
    let expectedWeights: Map<string, Float32Array>;
    try {
      await run(uninterrupted, 3);
      await uninterrupted.saveCheckpoint(checkpoint, { dataPosition: 12, epoch: 0 });
      expected = await run(uninterrupted, 5);
      expectedWeights = new Map(uninterrupted.parameterNames().map((name) => [name, uninterrupted.readParameter(name)]));
    } finally {
      uninterrupted.dispose();
    }
    // another seed: every weight must come from the checkpoint, not from initialisation
    const resumed = await nativeTrainer().createSession(loraSessionOptions(modelPath, { optimizer, seed: 99 }));
    try {
      expect(resumed.step).toBe(0);
      const restored = await resumed.loadCheckpoint(checkpoint);
      expect(restored).toEqual({ step: 3, extra: { dataPosition: 12, epoch: 0 } });
      expect(resumed.step).toBe(3);
      const continued = await run(resumed, 5);
      for (let i = 0; i < expected.length; i++) expect(continued[i]).toBeCloseTo(expected[i]!, 5);
      for (const [name, weights] of expectedWeights) expect(resumed.readParameter(name)).toEqual(weights);
      expect(resumed.step).toBe(8);
    } finally {
      resumed.dispose();
    }
  });

  it('refuses incomplete or mismatched checkpoints before changing anything', async () => {
    const source = await nativeTrainer().createSession(loraSessionOptions(modelPath, { optimizer }));
    const good = join(dir, 'good');
    try {
      await run(source, 1);
      await source.saveCheckpoint(good);
    } finally {
      source.dispose();
    }
    const torn = join(dir, 'torn');
    cpSync(good, torn, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(torn, 'checkpoint.json'), 'utf8')) as { step: number };
    writeFileSync(join(torn, 'checkpoint.json'), JSON.stringify({ ...manifest, step: 7 }));

    const otherRank = await nativeTrainer().createSession(loraSessionOptions(modelPath, { optimizer, lora: { rank: 4, alpha: 8, targets: ['q', 'v'] } }));
    try {
      const before = otherRank.readParameter(otherRank.parameterNames()[0]!);
      await expect(otherRank.loadCheckpoint(good)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/shape|targets/) });
      expect(otherRank.readParameter(otherRank.parameterNames()[0]!)).toEqual(before);
      await expect(otherRank.loadCheckpoint(join(dir, 'missing'))).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      otherRank.dispose();
    }
    const same = await nativeTrainer().createSession(loraSessionOptions(modelPath, { optimizer }));
    try {
      await expect(same.loadCheckpoint(torn)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/incomplete/) });
    } finally {
      same.dispose();
    }
  });
});

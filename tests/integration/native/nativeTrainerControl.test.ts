import { beforeAll, describe, expect, it } from 'vitest';
import type { StepProgress, TrainingBatch } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { fixtureModel } from '../../helpers/fixtureModels.ts';
import { loraSessionOptions, nativeTrainer } from './trainerFixtures.ts';

/**
 * Abort stops a running step within a micro-batch and leaves the weights untouched; one call runs at a time;
 * dispose during a call frees the session once the call has stopped. Also: a 24-layer model trains, which the
 * stock graph size (without patch 0002's ×4 training graphs) cannot.
 */
let modelPath: string;
let deepModelPath: string;

beforeAll(async () => {
  modelPath = await fixtureModel('tiny-chat');
  deepModelPath = await fixtureModel('deep-24', { layers: 24, embd: 64, heads: 4, kvHeads: 2, ffn: 128, type: 'f16', seed: 3 });
});

function longBatch(microBatches: number): TrainingBatch {
  const tokens = Int32Array.from({ length: 120 }, (_, i) => 3 + ((i * 37) % 290));
  const trainMask = new Uint8Array(tokens.length).fill(1, 60);
  return { sequences: Array.from({ length: microBatches }, () => ({ tokens, trainMask })) };
}

describe('native trainer control', () => {
  it('abort stops a step between micro-batches; weights and step stay as they were; the session keeps working', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(modelPath));
    try {
      const names = session.parameterNames();
      const before = names.map((name) => session.readParameter(name));
      const microBatches = 2000;
      const seen: StepProgress[] = [];
      const step = session.trainStep(longBatch(microBatches), (progress) => {
        seen.push(progress);
        if (seen.length === 1) session.abort();
      });
      await expect(step).rejects.toMatchObject({ code: 'cancelled' });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.length).toBeLessThan(microBatches);
      expect(session.step).toBe(0);
      names.forEach((name, i) => expect(session.readParameter(name)).toEqual(before[i]));

      session.abort(); // no call running: nothing to stop, and the next call is not affected
      const result = await session.trainStep(longBatch(2));
      expect(result.step).toBe(1);
    } finally {
      session.dispose();
    }
  });

  it('runs one call at a time, and dispose during a call stops it', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(modelPath));
    const running = session.trainStep(longBatch(2000));
    await expect(session.trainStep(longBatch(1))).rejects.toMatchObject({ code: 'conflict' });
    expect(() => session.readParameter(session.parameterNames()[0]!)).toThrow(/still running/);
    session.dispose();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    await expect(session.trainStep(longBatch(1))).rejects.toMatchObject({ code: 'conflict' });
    session.dispose(); // twice is fine
  });

  it('trains a 24-layer model (training graphs are sized for the backward pass)', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(deepModelPath, { contextLength: 512 }));
    try {
      expect(session.info.layers).toBe(24);
      const tokens = Int32Array.from({ length: 500 }, (_, i) => 3 + ((i * 7) % 290));
      const batch = { sequences: [{ tokens, trainMask: new Uint8Array(tokens.length).fill(1, 1) }] };
      const first = await session.trainStep(batch);
      const second = await session.trainStep(batch);
      expect(Number.isFinite(first.loss) && first.gradNorm > 0).toBe(true);
      expect(second.loss).toBeLessThan(first.loss);
    } finally {
      session.dispose();
    }
  });
});

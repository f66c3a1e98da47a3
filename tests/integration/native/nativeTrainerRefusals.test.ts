import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { adamw, chatExample, loraSessionOptions, nativeTrainer } from './trainerFixtures.ts';

/** What cannot be trained is refused up front, with a message naming the file, tensor, type or field. */
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wb-native-refuse-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('native trainer refusals', () => {
  it('refuses full-parameter training of a non-F32 model, naming the tensor and its type', async () => {
    const path = await fixtureModel('refuse-f16', { type: 'f16', seed: 2 });
    const trainer = nativeTrainer();
    const support = trainer.inspectModel(path);
    expect(support.architecture).toBe('llama');
    expect(support.tensorTypes).toMatchObject({ f16: expect.any(Number), f32: expect.any(Number) });
    expect(support.lora.supported).toBe(true);
    await expect(
      trainer.createSession({ modelPath: path, mode: 'full', contextLength: 64, threads: 1, seed: 1, optimizer: adamw() }),
    ).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/tensor \S+ is f16: full-parameter training .* needs an F32 model/) });
  });

  it('refuses architectures outside the trained set before loading any weights', async () => {
    const path = join(dir, 'gemma.gguf');
    // no weights a gemma loader would accept: a refusal after loading would fail differently
    await writeGguf(path, {
      metadata: new Map([['general.architecture', gguf.string('gemma2')]]),
      tensors: [{ name: 'token_embd.weight', type: 'F32', dims: [8, 4], values: new Float32Array(32) }],
    });
    const trainer = nativeTrainer();
    expect(trainer.inspectModel(path).lora).toEqual({
      supported: false,
      reason: expect.stringMatching(/architecture 'gemma2' cannot be trained/),
      // the same as a reason the UI words in its language (tests/integration/training/nativeErrorReasons.test.ts)
      why: { key: 'training_architecture_unsupported', params: { model: path, architecture: 'gemma2', supported: 'llama, qwen2, qwen3' } },
    });
    await expect(trainer.createSession(loraSessionOptions(path))).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/gemma2/) });
  });

  it('refuses files that are not base models', async () => {
    const trainer = nativeTrainer();
    const adapter = await fixtureLoraAdapter('tiny-base');
    await expect(trainer.createSession(loraSessionOptions(adapter))).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/is a LoRA adapter/) });
    const garbage = join(dir, 'garbage.gguf');
    writeFileSync(garbage, 'not a gguf file at all');
    await expect(trainer.createSession(loraSessionOptions(garbage))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining(garbage) });
    await expect(trainer.createSession(loraSessionOptions(join(dir, 'missing.gguf')))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the field of invalid options and batches', async () => {
    const trainer = nativeTrainer();
    const modelPath = await fixtureModel('tiny-chat');
    await expect(trainer.createSession(loraSessionOptions(modelPath, { lora: { rank: 0, alpha: 1, targets: ['q'] } }))).rejects.toMatchObject({
      code: 'bad_input',
      details: { field: 'lora.rank' },
    });
    await expect(trainer.createSession(loraSessionOptions(modelPath, { optimizer: adamw({ beta2: 1 }) }))).rejects.toMatchObject({
      details: { field: 'optimizer.beta2' },
    });
    await expect(trainer.createSession({ ...loraSessionOptions(modelPath), lora: undefined })).rejects.toMatchObject({ details: { field: 'lora' } });

    const session = await trainer.createSession(loraSessionOptions(modelPath));
    try {
      const example = chatExample(session, 'a', 'b');
      const tooLong = new Int32Array(session.info.contextLength + 1).fill(5);
      await expect(session.trainStep({ sequences: [example, { tokens: tooLong, trainMask: new Uint8Array(tooLong.length).fill(1) }] })).rejects.toMatchObject({
        code: 'bad_input',
        details: { sequence: 1 },
      });
      await expect(session.trainStep({ sequences: [{ tokens: example.tokens, trainMask: example.trainMask.subarray(1) }] })).rejects.toMatchObject({
        details: { field: 'sequences[0].trainMask' },
      });
      const outOfVocab = Int32Array.from(example.tokens, (t, i) => (i === 3 ? session.info.vocabSize : t));
      await expect(session.trainStep({ sequences: [{ tokens: outOfVocab, trainMask: example.trainMask }] })).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringMatching(/sequence 0: token 3 is 300, outside the vocabulary/),
      });
      expect(session.step).toBe(0);
    } finally {
      session.dispose();
    }
  });
});

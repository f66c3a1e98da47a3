import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next, { type i18n as I18n } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeAdapterFile, quantizeModelFile } from '../../../electron/engine/compress/nativeModelTransform.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { runTraining } from '../../../electron/engine/training/run/runTraining.ts';
import type { TrainingRunRequest } from '../../../electron/engine/training/run/trainingHostProtocol.ts';
import type { TrainingDeviceChoice } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import type { QuantizeTypeName } from '../../../electron/shared/contract/compress.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { errorText } from '../../../renderer/src/api/errorText.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { waitForJob } from '../compress/compressTestJobs.ts';
import { loraSessionOptions, nativeTrainer } from '../native/trainerFixtures.ts';

/**
 * The native trainer, quantizer and merger refuse with a reason (native/src/trainer_error.h → toWorkbenchError), so
 * the Chinese interface says their refusals in Chinese, naming the file, tensor, type and shapes, instead of the
 * C++ English. Each case is a real refusal of the built addon on the tiny fixture models.
 */
describe('native refusals in the interface language', () => {
  let zh: I18n;
  let dir: string;
  beforeAll(async () => {
    zh = i18next.createInstance();
    await zh.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
    dir = mkdtempSync(join(tmpdir(), 'wb-native-reasons-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rejection = async (promise: Promise<unknown>): Promise<WorkbenchError> => {
    const error = await promise.then(
      () => new Error('expected a refusal'),
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof WorkbenchError)) throw error;
    return error;
  };
  /** The Chinese sentence, with the params it names taken out, holds no run of English words. */
  const chinese = (error: WorkbenchError): string => {
    const text = errorText(zh.t, error);
    let rest = text;
    for (const value of Object.values(error.reason?.params ?? {})) rest = rest.split(String(value)).join('');
    expect(rest).not.toMatch(/[A-Za-z]{2,}[\s,]+[A-Za-z]{2,}/);
    expect(rest).toMatch(/[\u4e00-\u9fff]/);
    return text;
  };

  it('merge: an adapter made for a model of another shape names the tensor and both shapes', async () => {
    const base = await fixtureModel('tiny-base');
    const adapter = await fixtureLoraAdapter('wide', { rank: 4 }, { embd: 128, heads: 8, kvHeads: 4 });
    const error = await rejection(mergeAdapterFile({ base, adapter, output: join(dir, 'merged.gguf') }, () => {}));
    expect(error.code).toBe('bad_input');
    expect(error.reason).toEqual({
      key: 'adapter_base_mismatch',
      params: { adapter, base, tensor: expect.stringMatching(/^blk\.0\.\w+\.weight$/), expected: expect.stringMatching(/^\[64, \d+\]$/), actual: expect.stringMatching(/^A \[128, 4\] · B \[4, \d+\]$/) },
    });
    expect(chinese(error)).toContain(`不是为模型 ${base} 训练的`);
  });

  it('merge as a job: the reason crosses the compress host and the job\'s end to the caller', async () => {
    const engine = createTestEngine('native-reasons');
    try {
      const base = await fixtureModel('tiny-base');
      const adapter = await fixtureLoraAdapter('wide', { rank: 4 }, { embd: 128, heads: 8, kvHeads: 4 });
      const error = await rejection(waitForJob(engine, () => engine.call('compress.merge', { model: base, adapter, output: join(engine.homePath, 'wrong.gguf') })));
      expect(error.reason).toMatchObject({ key: 'adapter_base_mismatch', params: { adapter, base, tensor: expect.stringMatching(/^blk\.0\./) } });
      chinese(error);
    } finally {
      await engine.dispose();
    }
  });

  it('merge: a base that is not a GGUF file, and an output that is the base', async () => {
    const adapter = await fixtureLoraAdapter('tiny-base');
    const garbage = join(dir, 'garbage.gguf');
    writeFileSync(garbage, 'GGUF and then nothing a parser accepts');
    const unreadable = await rejection(mergeAdapterFile({ base: garbage, adapter, output: join(dir, 'x.gguf') }, () => {}));
    expect(unreadable.reason).toEqual({ key: 'gguf_unreadable', params: { file: garbage } });
    expect(chinese(unreadable)).toBe(`${garbage} 不是可读取的 GGUF 文件：它可能已损坏、不完整，或是其他格式。`);
    const base = await fixtureModel('tiny-base');
    const sameFile = await rejection(mergeAdapterFile({ base, adapter, output: base }, () => {}));
    expect(sameFile.reason).toEqual({ key: 'output_is_input', params: { file: base } });
  });

  it('quantize: a type that is not offered, and re-quantizing a quantized model, naming both types', async () => {
    const f16 = await fixtureModel('reasons-f16', { type: 'f16', seed: 5 });
    const unknownType = await rejection(quantizeModelFile({ input: f16, output: join(dir, 'q3.gguf'), type: 'Q3_K' as QuantizeTypeName }, () => {}));
    expect(unknownType.reason).toEqual({ key: 'field_one_of', params: { field: 'type', values: 'Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, F16, BF16, F32' } });
    const q8 = join(dir, 'q8.gguf');
    await quantizeModelFile({ input: f16, output: q8, type: 'Q8_0' }, () => {});
    const requantized = await rejection(quantizeModelFile({ input: q8, output: join(dir, 'q4.gguf'), type: 'Q4_0' }, () => {}));
    expect(requantized.code).toBe('bad_input');
    expect(requantized.message).toMatch(/requantizing from type q8_0/);
    expect(requantized.reason).toEqual({ key: 'quantize_requantize', params: { file: q8, from: 'q8_0', type: 'Q4_0' } });
    expect(chinese(requantized)).toBe(`${q8} 已经量化过（q8_0）：再量化为 Q4_0 会叠加误差。请从 F32、F16 或 BF16 模型开始。`);
  });

  it('resume: a checkpoint saved on a model of another shape names the tensor and both shapes', async () => {
    const narrow = await fixtureModel('tiny-chat');
    const wide = await fixtureModel('reasons-wide', { embd: 128, heads: 8, kvHeads: 4, seed: 6, chatTemplate: 'chatml' });
    const checkpoint = join(dir, 'checkpoint');
    const source = await nativeTrainer().createSession(loraSessionOptions(narrow, { lora: { rank: 4, alpha: 8, targets: ['q'] } }));
    try {
      await source.saveCheckpoint(checkpoint);
    } finally {
      source.dispose();
    }
    const other = await nativeTrainer().createSession(loraSessionOptions(wide, { lora: { rank: 4, alpha: 8, targets: ['q'] } }));
    try {
      const error = await rejection(other.loadCheckpoint(checkpoint));
      expect(error.reason).toEqual({
        key: 'checkpoint_shape_mismatch',
        params: { file: join(checkpoint, 'state.gguf'), tensor: 'blk.0.attn_q.weight.lora_a', expected: '[128, 4]', actual: '[64, 4]' },
      });
      expect(chinese(error)).toContain('与本次训练不匹配');
      // other LoRA targets: the checkpoint lacks this session's tensors
      const otherTargets = await nativeTrainer().createSession(loraSessionOptions(narrow, { lora: { rank: 4, alpha: 8, targets: ['v'] } }));
      try {
        const missing = await rejection(otherTargets.loadCheckpoint(checkpoint));
        expect(missing.reason).toEqual({ key: 'checkpoint_other_model', params: { file: join(checkpoint, 'state.gguf'), tensor: 'blk.0.attn_v.weight.lora_a' } });
      } finally {
        otherTargets.dispose();
      }
    } finally {
      other.dispose();
    }
  });

  it('training from an adapter made for another shape names the tensor before llama.cpp refuses it', async () => {
    const base = await fixtureModel('tiny-chat');
    const adapter = await fixtureLoraAdapter('wide', { rank: 4 }, { embd: 128, heads: 8, kvHeads: 4 });
    const error = await rejection(nativeTrainer().createSession(loraSessionOptions(base, { lora: { rank: 4, alpha: 8, targets: ['q'], initAdapterPath: adapter } })));
    expect(error.reason).toMatchObject({ key: 'adapter_base_mismatch', params: { adapter, base, tensor: expect.stringMatching(/^blk\.0\./), expected: expect.stringMatching(/^\[64, \d+\]$/) } });
    chinese(error);
  });

  it('generating from a prompt longer than the session\'s context names both counts', async () => {
    const session = await nativeTrainer().createSession(loraSessionOptions(await fixtureModel('tiny-chat'), { contextLength: 64 }));
    try {
      const prompt = new Int32Array(300).fill(5);
      const error = await rejection(session.generate(prompt, { maxTokens: 4 }));
      expect(error.reason).toEqual({ key: 'context_too_small', params: { field: 'prompt', tokens: 300, contextSize: expect.any(Number) } });
      expect(chinese(error)).toMatch(/300/);
    } finally {
      session.dispose();
    }
  });

  it('a GPU that is not there, and a device spelled wrong', async () => {
    const model = await fixtureModel('tiny-chat');
    const trainer = nativeTrainer();
    const gpus = trainer.devices().filter((device) => device.id.startsWith('gpu:')).length;
    const syncError = (run: () => unknown): WorkbenchError => {
      try {
        run();
      } catch (error) {
        if (error instanceof WorkbenchError) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    const missing = syncError(() => trainer.inspectModel(model, 'gpu:7'));
    expect(missing.reason).toEqual({ key: 'training_device_missing', params: { device: 'gpu:7', gpus } });
    expect(chinese(missing)).toBe(`没有 gpu:7：训练器在这台机器上只看到 ${gpus} 块 GPU。请选择其他设备，或选 auto。`);
    const misspelled = syncError(() => trainer.inspectModel(model, 'gpu0' as TrainingDeviceChoice));
    expect(misspelled.reason).toEqual({ key: 'field_one_of', params: { field: 'device', values: 'auto, cpu, gpu:N' } });
  });

  it('what cannot be trained: the verdict carries a reason, and a run is refused with it', async () => {
    const f16 = await fixtureModel('reasons-f16', { type: 'f16', seed: 5 });
    const trainer = nativeTrainer();
    expect(trainer.inspectModel(f16).full.why).toEqual({ key: 'full_training_needs_f32', params: { model: f16, tensor: expect.stringMatching(/weight$/), type: 'f16' } });
    const request = { runId: 'reasons', config: { modelPath: f16, objective: 'full' } } as unknown as TrainingRunRequest;
    const error = await rejection(runTraining(trainer, request, 1, () => {}, new AbortController().signal));
    expect(error.code).toBe('unsupported');
    expect(error.reason?.key).toBe('full_training_needs_f32');
    expect(chinese(error)).toContain('全参数训练需要 F32 模型');

    const gemma = join(dir, 'gemma.gguf');
    await writeGguf(gemma, {
      metadata: new Map([['general.architecture', gguf.string('gemma2')]]),
      tensors: [{ name: 'token_embd.weight', type: 'F32', dims: [8, 4], values: new Float32Array(32) }],
    });
    const session = await rejection(trainer.createSession(loraSessionOptions(gemma)));
    expect(session.reason).toEqual({ key: 'training_architecture_unsupported', params: { model: gemma, architecture: 'gemma2', supported: 'llama, qwen2, qwen3' } });
    chinese(session);
  });
});

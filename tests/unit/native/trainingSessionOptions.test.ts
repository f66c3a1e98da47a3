import { describe, expect, it } from 'vitest';
import { parseTrainingSessionOptions } from '../../../electron/engine/training/native/trainingSessionOptions.ts';
import type { TrainingSessionOptions } from '../../../electron/engine/training/native/nativeTrainerApi.ts';

const valid: TrainingSessionOptions = {
  modelPath: '/m.gguf',
  mode: 'lora',
  lora: { rank: 16, alpha: 32, targets: ['q', 'v'] },
  contextLength: 512,
  seed: 1,
  optimizer: { lr: 1e-4, weightDecay: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, gradClip: 1, schedule: { kind: 'cosine', warmupSteps: 10, totalSteps: 100 } },
};

function fieldOf(options: unknown): unknown {
  try {
    parseTrainingSessionOptions(options as TrainingSessionOptions);
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
  return null;
}

describe('training session options', () => {
  it('accepts valid LoRA and full options', () => {
    expect(parseTrainingSessionOptions(valid)).toEqual(valid);
    const { lora: _lora, ...full } = valid;
    expect(parseTrainingSessionOptions({ ...full, mode: 'full' }).mode).toBe('full');
  });

  it('names the invalid field', () => {
    expect(fieldOf({ ...valid, lora: undefined })).toBe('lora');
    expect(fieldOf({ ...valid, lora: { ...valid.lora, targets: ['q', 'qkv'] } })).toBe('lora.targets.1');
    expect(fieldOf({ ...valid, lora: { ...valid.lora, targets: [] } })).toBe('lora.targets');
    expect(fieldOf({ ...valid, optimizer: { ...valid.optimizer, lr: Number.NaN } })).toBe('optimizer.lr');
    expect(fieldOf({ ...valid, optimizer: { ...valid.optimizer, lr: 2, weightDecay: 1 } })).toBe('optimizer.weightDecay');
    expect(fieldOf({ ...valid, optimizer: { ...valid.optimizer, schedule: { kind: 'step', warmupSteps: 0, totalSteps: 1 } } })).toBe('optimizer.schedule.kind');
    expect(fieldOf({ ...valid, contextLength: 1 })).toBe('contextLength');
    for (const device of ['auto', 'cpu', 'gpu:0', 'gpu:12']) expect(fieldOf({ ...valid, device })).toBeNull();
    for (const device of ['gpu', 'gpu:', 'gpu:-1', 'cuda:0', 'GPU:0']) expect(fieldOf({ ...valid, device })).toBe('device');
    expect(fieldOf({ ...valid, cpuOps: ['OUT_PROD', 'CROSS_ENTROPY_LOSS_BACK'] })).toBeNull();
    expect(fieldOf({ ...valid, cpuOps: ['out prod'] })).toBe('cpuOps.0');
    expect(fieldOf({ ...valid, lora: { ...valid.lora, dropout: 0.3 } })).toBeNull();
    expect(fieldOf({ ...valid, lora: { ...valid.lora, dropout: 1 } })).toBe('lora.dropout');
    expect(fieldOf({ ...valid, lora: { ...valid.lora, dropout: -0.1 } })).toBe('lora.dropout');
    expect(fieldOf({ ...valid, batchSize: 4 })).toBe('options');
  });
});

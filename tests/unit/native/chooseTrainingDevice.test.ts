import { describe, expect, it } from 'vitest';
import { chooseTrainingDevice, deviceLabel } from '../../../electron/engine/training/native/chooseTrainingDevice.ts';
import type { TrainingDevice } from '../../../electron/engine/training/native/nativeTrainerApi.ts';

const cpu: TrainingDevice = { id: 'cpu', name: 'CPU', description: 'Xeon', backend: 'CPU', memoryFreeBytes: 24e9, memoryTotalBytes: 24e9 };
const vulkan: TrainingDevice = { id: 'gpu:0', name: 'Vulkan0', description: 'NVIDIA GeForce RTX 4090', backend: 'Vulkan', memoryFreeBytes: 20e9, memoryTotalBytes: 24e9 };
const second: TrainingDevice = { ...vulkan, id: 'gpu:1', name: 'Vulkan1', description: 'AMD Radeon' };

describe('choosing the training device (the estimate and the run guard use what the session will use)', () => {
  it('auto takes the first GPU, else the CPU; gpu:N must exist', () => {
    expect(chooseTrainingDevice({ devices: () => [cpu, vulkan, second] })).toBe(vulkan);
    expect(chooseTrainingDevice({ devices: () => [cpu] }, 'auto')).toBe(cpu);
    expect(chooseTrainingDevice({ devices: () => [cpu, vulkan, second] }, 'gpu:1')).toBe(second);
    expect(chooseTrainingDevice({ devices: () => [cpu, vulkan, second] }, 'cpu')).toBe(cpu);
    expect(chooseTrainingDevice({ devices: () => [cpu, vulkan] }, 'gpu:3')).toBeNull();
  });

  it('names a GPU by device and driver', () => {
    expect(deviceLabel(vulkan)).toBe('Vulkan0 (NVIDIA GeForce RTX 4090)');
    expect(deviceLabel(cpu)).toBe('CPU');
  });
});

import type { NativeTrainerBinding, TrainingDevice, TrainingDeviceChoice } from './nativeTrainerApi.ts';

/**
 * The device a session with this `device` option trains on, as native/src/device_schedule.cpp picks it: 'auto' is
 * the first GPU, else the CPU; 'gpu:N' must exist (null when it does not: the session would refuse it).
 */
export function chooseTrainingDevice(trainer: Pick<NativeTrainerBinding, 'devices'>, choice: TrainingDeviceChoice = 'auto'): TrainingDevice | null {
  const devices = trainer.devices();
  if (choice === 'auto') return devices.find((d) => d.id !== 'cpu') ?? devices.find((d) => d.id === 'cpu') ?? null;
  return devices.find((d) => d.id === choice) ?? null;
}

/** "Vulkan0 (NVIDIA GeForce RTX 4090)" */
export function deviceLabel(device: TrainingDevice): string {
  return device.id === 'cpu' ? 'CPU' : `${device.name} (${device.description})`;
}

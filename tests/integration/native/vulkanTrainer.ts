import type { NativeTrainerBinding, TrainingDevice } from '../../../electron/engine/training/native/nativeTrainerApi.ts';
import { nativeTrainer } from './trainerFixtures.ts';

/**
 * The trainer with its Vulkan device, for the Vulkan test files (each runs in its own process). ggml's Vulkan backend
 * skips CPU-type devices such as Mesa's lavapipe unless GGML_VK_VISIBLE_DEVICES selects them, and reads it when the
 * module loads, so it is set before the first load. `skip` is why the Vulkan tests cannot run here (no Vulkan loader
 * or driver: `apt-get install mesa-vulkan-drivers libvulkan1`), null when they can.
 */
export function vulkanTrainer(): { trainer: NativeTrainerBinding; device: TrainingDevice | null; skip: string | null } {
  process.env.GGML_VK_VISIBLE_DEVICES ??= '0';
  const trainer = nativeTrainer();
  const device = trainer.devices().find((d) => d.backend === 'Vulkan') ?? null;
  if (device) return { trainer, device, skip: null };
  const tried = trainer.gpuBackends.map((g) => `${g.packageName}: ${g.loaded ?? g.reason}`).join('; ');
  const why = process.env.WORKBENCH_TRAINER_GPU === 'off'
    ? 'WORKBENCH_TRAINER_GPU=off'
    : `install mesa-vulkan-drivers and libvulkan1 for lavapipe${tried ? ` — ${tried}` : ' — this addon build loads no GPU modules'}`;
  const skip = `no Vulkan device (${why})`;
  // printed as well as put in the suite's name, so a run that skips says why even with a terse reporter
  console.warn(`Vulkan trainer tests skipped: ${skip}`);
  return { trainer, device: null, skip };
}

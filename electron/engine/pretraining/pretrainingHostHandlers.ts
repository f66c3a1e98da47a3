import type { HostHandlers } from '../hosts/hostContract.ts';
import type { TrainerHostContract } from '../training/trainerHostContract.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { runPretraining } from './run/runPretraining.ts';

/**
 * Trainer-host side of pretraining: the native trainer runs here, never next to node-llama-cpp. Each progress
 * item (setup, step, checkpoint) streams back as a host event; the result is the PretrainingResult.
 */
export const pretrainingHostHandlers: HostHandlers<Pick<TrainerHostContract, 'pretraining.run'>> = {
  'pretraining.run': async (params, context) =>
    await runPretraining(loadNativeTrainer(), params, (progress) => context.emit(progress), context.signal),
};

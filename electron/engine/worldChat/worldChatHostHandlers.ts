import type { HostHandlers } from '../hosts/hostContract.ts';
import type { TrainerHostContract } from '../training/trainerHostContract.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { runWorldSft } from './runWorldSft.ts';

/**
 * Trainer-host side of the world chat lab: full-parameter SFT with the native trainer, which never shares a
 * process with node-llama-cpp. Each step streams back as a host event; the result is the run's summary.
 */
export const worldChatHostHandlers: HostHandlers<Pick<TrainerHostContract, 'worldChat.sft'>> = {
  'worldChat.sft': async (params, context) => await runWorldSft(loadNativeTrainer(), params, (step) => context.emit(step), context.signal),
};

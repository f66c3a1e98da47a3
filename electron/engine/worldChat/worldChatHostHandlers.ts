import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { runWorldSft, type WorldSftRun } from './runWorldSft.ts';

/**
 * Trainer-host side of the world chat lab: full-parameter SFT with the native trainer, which never shares a
 * process with node-llama-cpp. Each step streams back as a host event; the result is the run's summary.
 */
export const worldChatHostHandlers: HostHandlerMap = {
  'worldChat.sft': async (params, context) => await runWorldSft(loadNativeTrainer(), params as WorldSftRun, (step) => context.emit(step), context.signal),
};

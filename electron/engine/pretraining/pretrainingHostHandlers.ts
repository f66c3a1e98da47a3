import type { PretrainingRunInput } from '../../shared/contract/pretraining.ts';
import type { HostHandlerMap } from '../hosts/hostProtocol.ts';
import { loadNativeTrainer } from '../training/native/loadNativeTrainer.ts';
import { runPretraining } from './run/runPretraining.ts';

/**
 * Trainer-host side of pretraining: the native trainer runs here, never next to node-llama-cpp. Each progress
 * item (setup, step, checkpoint) streams back as a host event; the result is the PretrainingResult.
 */
export const pretrainingHostHandlers: HostHandlerMap = {
  'pretraining.run': async (params, context) =>
    await runPretraining(loadNativeTrainer(), params as PretrainingRunInput, (progress) => context.emit(progress), context.signal),
};

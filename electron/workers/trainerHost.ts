/**
 * Entry point of the trainer host: our native training addon runs here. It carries its own ggml build, so it
 * must never share a process with node-llama-cpp.
 */
import { runHost } from '../engine/hosts/hostRuntime.ts';
import { trainerHostContract } from '../engine/training/trainerHostContract.ts';
import { trainerHostBaseHandlers } from '../engine/training/trainerHostBaseHandlers.ts';
import { trainingHostHandlers } from '../engine/training/trainingHostHandlers.ts';
import { pretrainingHostHandlers } from '../engine/pretraining/pretrainingHostHandlers.ts';
import { worldChatHostHandlers } from '../engine/worldChat/worldChatHostHandlers.ts';
import { compressHostHandlers } from '../engine/compress/compressHostHandlers.ts';
import { rewardModelHostHandlers } from '../engine/rewardModel/rewardModelHostHandlers.ts';
import { rlHostHandlers } from '../engine/rl/rlHostHandlers.ts';

runHost(trainerHostContract, {
  ...trainerHostBaseHandlers,
  ...pretrainingHostHandlers,
  ...trainingHostHandlers,
  ...worldChatHostHandlers,
  ...compressHostHandlers,
  ...rewardModelHostHandlers,
  ...rlHostHandlers,
});
